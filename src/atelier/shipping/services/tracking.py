"""The road: shipped -> out for delivery -> delivered (or an exception), from the
carrier's tracking or the coordinator. Each step is a `TrackingUpdate`; a step that
moves the shipment on goes through the state machine and is announced."""

from __future__ import annotations

import logging
from datetime import datetime

from atelier.core.actor import Actor, system_actor
from atelier.core.errors import DomainError, ValidationFailed
from atelier.core.statemachine import TransitionNotAllowed
from atelier.integrations.carriers.registry import carrier
from atelier.shipping.enums import ON_THE_ROAD, ShipmentStatus, TrackingSource
from atelier.shipping.models import Shipment, TrackingUpdate
from atelier.shipping.services import _common as c
from atelier.shipping.services.notifying import announce

logger = logging.getLogger(__name__)
ROAD = (
    ShipmentStatus.SHIPPED,
    ShipmentStatus.OUT_FOR_DELIVERY,
    ShipmentStatus.DELIVERED,
    ShipmentStatus.EXCEPTION,
)
STAMPS = {ShipmentStatus.SHIPPED: "shipped_at", ShipmentStatus.DELIVERED: "delivered_at"}


def shipment_mark(*, shipment: Shipment, to_status: str, note: str, actor: Actor) -> Shipment:
    """The coordinator moves the shipment on by hand (white glove, a call from the
    driver), with a note saying how they know."""
    c.require_manage(actor)
    note = (note or "").strip()
    if to_status not in ROAD:
        raise ValidationFailed(f"{to_status!r} is not a step on the road.", code="status")
    if not note:
        raise ValidationFailed("Add a note: how do you know?", code="reason_required", field="note")
    c.require_move(shipment, to_status, actor)
    with c.atomic():
        return _step(
            shipment,
            to_status,
            at=c.now(),
            description=note,
            location="",
            source=TrackingSource.COORDINATOR,
            actor=actor,
        )


def shipment_track_refresh(*, shipment: Shipment, actor: Actor) -> Shipment:
    """Ask the carrier for the tracking events and apply the new ones, oldest first."""
    c.require_manage(actor)
    if not shipment.tracking_number or shipment.status not in ON_THE_ROAD:
        raise ValidationFailed("This shipment has no carrier tracking to refresh.", code="tracking")
    with c.carrier_errors():
        found = carrier().track(shipment.tracking_number)
    with c.atomic():
        for event in sorted(found, key=lambda e: e.at):
            shipment = _step(
                shipment,
                event.status,
                at=event.at,
                description=event.description,
                location=event.location,
                source=TrackingSource.CARRIER,
                actor=actor,
            )
    return shipment


def _step(shipment, status: str, *, at: datetime, description, location, source, actor):
    _, created = TrackingUpdate.objects.get_or_create(
        shipment=shipment,
        status=status,
        at=at,
        source=source,
        defaults={
            "description": (description or "")[:300],
            "location": (location or "")[:120],
            "actor_label": actor.label,
        },
    )
    if not created and source == TrackingSource.CARRIER:
        return shipment  # seen before
    current = Shipment.objects.get(pk=shipment.pk)
    if current.status == status or status not in ROAD:
        return current
    changes = {STAMPS[status]: at} if status in STAMPS else {}
    try:
        moved = c.move(current, status, actor=actor, reason=description or "", **changes)
    except TransitionNotAllowed:
        if source == TrackingSource.COORDINATOR:
            raise
        return current  # an old carrier event after a later one: history only
    announce(moved, status)
    return moved


def shipments_track_all(*, actor: Actor | None = None) -> int:
    """Refresh every carrier shipment on the road (the beat task); returns how many moved."""
    actor = actor or system_actor("shipping tracking")
    moved = 0
    rows = Shipment.objects.filter(status__in=ON_THE_ROAD).exclude(tracking_number="")
    for shipment in rows.exclude(carrier="white_glove").iterator():
        before = shipment.status
        try:
            after = shipment_track_refresh(shipment=shipment, actor=actor)
        except DomainError as exc:
            logger.warning("Tracking %s: %s", shipment.number, exc.message)
            continue
        moved += after.status != before
    return moved
