"""Shared checks and helpers of purchasing's services."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from atelier.core.actor import Actor
from atelier.core.errors import NotFound, ValidationFailed
from atelier.core.events import publish
from atelier.core.money import validate_currency
from atelier.core.statemachine import apply_transition, history
from atelier.inventory import facade as inventory
from atelier.org.models import Manufacturer
from atelier.purchasing.models import PurchaseOrder, PurchaseOrderMessage
from atelier.purchasing.transitions import EVENTS, TIMESTAMPS, TRANSITIONS

CENT = Decimal("0.01")
EMAIL_RE = re.compile(r"\S+@\S+")
PHONE_RE = re.compile(r"\+?\d[\d\s().-]{6,}\d")
MAX_TEXT = 5000


def text(value, field: str, *, max_length: int, required: bool = False) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationFailed(f"{field}: give text.", field=field)
    value = value.strip()
    if required and not value:
        raise ValidationFailed(f"{field} is required.", code="required", field=field)
    if len(value) > max_length:
        raise ValidationFailed(
            f"{field} is longer than {max_length} characters.", code="too_long", field=field
        )
    return value


def customer_reference(value) -> str:
    """A name or reference for the workshop: never an e-mail address or a phone number."""
    value = text(value, "customer_reference", max_length=120)
    if EMAIL_RE.search(value) or PHONE_RE.search(value):
        raise ValidationFailed(
            "The customer reference is a name or reference only: no e-mail or phone number.",
            code="customer_reference",
            field="customer_reference",
        )
    return value


def currency(value) -> str:
    try:
        return validate_currency(value)
    except ValueError as exc:
        raise ValidationFailed(str(exc), code="currency", field="currency") from None


def quantity(value, field: str = "quantity") -> int:
    if type(value) is not int or value <= 0:
        raise ValidationFailed(f"{field} must be a whole number above 0.", field=field)
    return value


def amount(value, field: str = "unit_value") -> Decimal:
    if isinstance(value, float | bool) or value is None:
        raise ValidationFailed(f"{field}: give a decimal amount.", field=field)
    try:
        result = Decimal(str(value))
    except InvalidOperation:
        raise ValidationFailed(f"{field}: {value!r} is not an amount.", field=field) from None
    if not result.is_finite() or result < 0:
        raise ValidationFailed(f"{field} must be 0 or more.", field=field)
    return result.quantize(CENT, rounding=ROUND_HALF_UP)


def optional_date(value, field: str = "required_date", *, not_past: bool = False) -> date | None:
    if value is None:
        return None
    if not isinstance(value, date):
        raise ValidationFailed(f"{field}: give a date.", field=field)
    if not_past and value < timezone.localdate():
        raise ValidationFailed(f"{field} is in the past.", code="date_past", field=field)
    return value


def manufacturer(manufacturer_id, *, active: bool = True) -> Manufacturer:
    if type(manufacturer_id) is not int:
        raise ValidationFailed("manufacturer: give its id.", field="manufacturer_id")
    found = Manufacturer.objects.filter(pk=manufacturer_id).first()
    if found is None:
        raise ValidationFailed(
            "No such manufacturer.", code="manufacturer", field="manufacturer_id"
        )
    if active and not found.is_active:
        raise ValidationFailed(
            f"{found.name} is inactive.", code="manufacturer_inactive", field="manufacturer_id"
        )
    return found


def expected_date(po: PurchaseOrder, lead_time_days: int | None = None) -> date:
    if po.required_date:
        return po.required_date
    days = lead_time_days or po.manufacturer.lead_time_days
    return timezone.localdate() + timedelta(days=days)


def record_supply(po: PurchaseOrder, line, *, actor: Actor, lead_time_days=None) -> None:
    """Tell inventory the units are on their way (expected date shown to the customer)."""
    reference = f"{po.number}/{line.position}"
    try:
        inventory.incoming_supply_record(
            variant_id=line.variant_id,
            quantity=line.quantity,
            expected_date=expected_date(po, lead_time_days),
            reference=reference,
            order_ref=line.order_ref if line.line_ref else "",
            line_ref=line.line_ref,
            actor=actor,
        )
    except NotFound:
        return  # no warehouse yet: nothing to expect supply at
    line.supply_reference = reference
    line.save(update_fields=["supply_reference"])


def note(po: PurchaseOrder, body: str, *, actor: Actor, side: str = "retailer") -> None:
    """A line in the PO's thread recording what happened (reassignments, revisions)."""
    PurchaseOrderMessage.objects.create(
        purchase_order=po,
        author_id=actor.user_id,
        author_label=actor.label,
        side=side,
        body=body,
    )


def move(po: PurchaseOrder, to: str, *, actor: Actor, reason: str = "", changes=None):
    """Apply a transition, stamp its time, and announce it with the PO's refs."""
    changes = dict(changes or {})
    if to in TIMESTAMPS:
        changes.setdefault(TIMESTAMPS[to], timezone.now())
    with transaction.atomic():
        locked = apply_transition(
            po, to, table=TRANSITIONS, actor=actor, reason=reason, changes=changes
        )
        change = history(locked).order_by("-id").first()
        event_cls = EVENTS.get(to)
        if event_cls is not None:
            publish(
                event_cls(
                    model=locked._meta.label_lower,
                    object_id=str(locked.pk),
                    from_status=change.from_status,
                    to_status=change.to_status,
                    actor_id=change.actor_id,
                    reason=change.reason,
                    change_id=change.pk,
                    number=locked.number,
                    manufacturer_id=locked.manufacturer_id,
                    order_ref=locked.order_ref,
                    line_refs=tuple(
                        locked.lines.exclude(line_ref="").values_list("line_ref", flat=True)
                    ),
                )
            )
    return locked


def recompute_value(po: PurchaseOrder) -> None:
    total = sum(
        (line.unit_value * line.quantity for line in po.lines.filter(is_live=True)), Decimal(0)
    )
    po.value = Decimal(total).quantize(CENT, rounding=ROUND_HALF_UP)
    po.save(update_fields=["value", "updated_at"])
