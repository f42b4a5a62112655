"""Helpers shared by the shipping services: permission, the origin, the carrier's
answers turned into domain errors, adjustments and moves of the state machine."""

from __future__ import annotations

from contextlib import contextmanager
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from atelier.accounts.roles import Cap
from atelier.catalog import facade as catalog
from atelier.core.actor import Actor
from atelier.core.errors import Conflict, PermissionDenied, ValidationFailed
from atelier.core.statemachine import TransitionNotAllowed, allowed_transitions, apply_transition
from atelier.integrations.carriers.port import (
    CarrierRejected,
    CarrierUnavailable,
    Parcel,
    Party,
    ShipmentOutcomeUnknown,
)
from atelier.org.models import Warehouse
from atelier.shipping.enums import EDITABLE_STATUSES, ShipmentStatus
from atelier.shipping.models import Adjustment, Shipment
from atelier.shipping.transitions import TRANSITIONS

PARTY_FIELDS = (
    "name", "company", "line1", "line2", "postcode", "city", "state", "country", "email", "phone",
)  # fmt: skip


def require_manage(actor: Actor) -> None:
    if not actor.has_perm(Cap.MANAGE_SHIPMENTS.perm):
        raise PermissionDenied("You are not allowed to manage shipments.")


def user_id(actor: Actor) -> int | None:
    return actor.user_id if not actor.is_system else None


def lock(shipment: Shipment) -> Shipment:
    return Shipment.objects.select_for_update(of=("self",)).get(pk=shipment.pk)


def require_editable(shipment: Shipment, what: str) -> None:
    if shipment.status not in EDITABLE_STATUSES:
        raise Conflict(
            f"Shipment {shipment.number} is {shipment.get_status_display().lower()}: "
            f"{what} only before it is booked.",
            code="shipment_not_editable",
        )


def require_move(shipment: Shipment, to_status: str, actor: Actor) -> None:
    """409 before any carrier call when the state machine would refuse the move."""
    if (shipment.status, to_status) not in TRANSITIONS:
        raise TransitionNotAllowed(
            f"Cannot move from {shipment.status!r} to {to_status!r}.",
            allowed=allowed_transitions(shipment, table=TRANSITIONS, actor=actor),
            current=shipment.status,
        )


def move(shipment: Shipment, to_status: str, *, actor: Actor, reason: str = "", **changes):
    return apply_transition(
        shipment, to_status, table=TRANSITIONS, actor=actor, reason=reason, changes=changes
    )


def record(shipment: Shipment, field: str, old, new, reason: str, actor: Actor) -> Adjustment:
    return Adjustment.objects.create(
        shipment=shipment,
        field=field,
        old_value=_text(old),
        new_value=_text(new),
        reason=reason[:300],
        actor_id=user_id(actor),
        actor_label=actor.label,
    )


def _text(value) -> str:
    return "" if value is None else str(value)[:300]


def reopen(shipment: Shipment, *, actor: Actor, reason: str) -> None:
    """A confirmed shipment that changes goes back to draft: it must be checked again."""
    if shipment.status == ShipmentStatus.CONFIRMED:
        move(shipment, ShipmentStatus.DRAFT, actor=actor, reason=reason, lines_checked_at=None)


# --- the outside world --------------------------------------------------------------


def origin() -> Party:
    """The warehouse goods leave from (settings.SHIPPING_ORIGIN_WAREHOUSE, else the first)."""
    rows = Warehouse.objects.filter(is_active=True).order_by("id")
    code = getattr(settings, "SHIPPING_ORIGIN_WAREHOUSE", "")
    found = (rows.filter(code=code).first() if code else None) or rows.first()
    if found is None:
        raise ValidationFailed("No warehouse to ship from: add one first.", code="no_origin")
    return Party(
        name=found.name,
        company="Atelier",
        line1=found.street,
        postcode=found.postcode,
        city=found.city,
        country=str(found.country),
        email=found.email,
        phone=found.phone,
    )


def destination(shipment: Shipment) -> Party:
    data = shipment.destination or {}
    return Party(**{f: str(data.get(f) or "") for f in PARTY_FIELDS})


def party_dict(party: Party) -> dict:
    return {f: getattr(party, f) for f in PARTY_FIELDS}


def parcels(shipment: Shipment) -> tuple[Parcel, ...]:
    """One parcel per unit (furniture travels piece by piece), sized from the catalogue."""
    lines = list(shipment.lines.all())
    data = catalog.shipping_data({line.variant_id for line in lines})
    problems, found = [], []
    for line in lines:
        info = data.get(line.variant_id)
        if info is None or not info.weight_kg:
            problems.append(
                f"Line {line.line_ref} ({line.description}): no weight in the catalogue."
            )
            continue
        size = info.package
        one = Parcel(Decimal(info.weight_kg), size.width_cm, size.depth_cm, size.height_cm)
        found += [one] * line.quantity
    if problems:
        raise ValidationFailed(" ".join(problems), code="parcel_data", problems=problems)
    return tuple(found)


@contextmanager
def carrier_errors():
    """The carrier's refusals as domain errors with its own words."""
    try:
        yield
    except CarrierRejected as exc:
        raise ValidationFailed(f"The carrier refused: {exc}", code="carrier_rejected") from exc
    except CarrierUnavailable as exc:
        raise Conflict(
            f"The carrier cannot be reached ({exc}); try again in a few minutes.",
            code="carrier_unavailable",
        ) from exc
    except ShipmentOutcomeUnknown as exc:
        raise Conflict(
            f"{exc} Check with the carrier before booking again.", code="booking_outcome_unknown"
        ) from exc


def now():
    return timezone.now()


atomic = transaction.atomic
