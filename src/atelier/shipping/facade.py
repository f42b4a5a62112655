"""What other layers (storefront, back office, api) may ask shipping. Plain dataclasses.

`tracking_for_order` does no access check: the caller has already shown the order to
its owner (storefront: `sales.access.get_order_for`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from atelier.shipping.enums import ShipmentStatus, TrackingSource
from atelier.shipping.models import Shipment, TrackingUpdate

LABELS = {
    "booked": "Delivery booked",
    "shipped": "Shipped",
    "out_for_delivery": "Out for delivery",
    "delivered": "Delivered",
    "exception": "Delivery problem",
}


@dataclass(frozen=True)
class TrackingStep:
    shipment_number: str
    status: str
    label: str
    at: datetime
    description: str
    location: str
    tracking_url: str


@dataclass(frozen=True)
class ShipmentSummary:
    number: str
    status: str
    status_label: str
    kind: str
    carrier: str
    tracking_number: str
    tracking_url: str
    slot_date: date | None
    slot_window: str
    line_refs: tuple[str, ...]


def tracking_for_order(order_ref: str) -> list[TrackingStep]:
    """The customer's view of every shipment of the order, oldest step first."""
    shipments = Shipment.objects.filter(order_ref=order_ref).exclude(
        status__in=(ShipmentStatus.DRAFT, ShipmentStatus.CONFIRMED, ShipmentStatus.CANCELLED)
    )
    by_id = {s.pk: s for s in shipments}
    steps = [
        TrackingStep(s.number, "booked", _booked_label(s), s.booked_at, "", "", s.tracking_url)
        for s in by_id.values()
        if s.booked_at
    ]
    for row in TrackingUpdate.objects.filter(shipment_id__in=by_id).order_by("at", "id"):
        s = by_id[row.shipment_id]
        description = row.description if row.source == TrackingSource.CARRIER else ""
        steps.append(
            TrackingStep(
                s.number, row.status, LABELS.get(row.status, row.status), row.at,
                description, row.location, s.tracking_url,
            )
        )  # fmt: skip
    return sorted(steps, key=lambda step: step.at)


def _booked_label(shipment: Shipment) -> str:
    if shipment.slot_date:
        return f"Delivery booked for {shipment.slot_date:%d %b %Y}, {shipment.slot_window}"
    return LABELS["booked"]


def shipments_for_order(order_ref: str) -> list[ShipmentSummary]:
    """Every shipment of the order (back-office order page, helpdesk)."""
    rows = Shipment.objects.filter(order_ref=order_ref).prefetch_related("lines")
    return [
        ShipmentSummary(
            number=s.number,
            status=s.status,
            status_label=s.get_status_display(),
            kind=s.kind,
            carrier=s.carrier,
            tracking_number=s.tracking_number,
            tracking_url=s.tracking_url,
            slot_date=s.slot_date,
            slot_window=s.slot_window,
            line_refs=tuple(line.line_ref for line in s.lines.all()),
        )
        for s in rows.order_by("created_at", "id")
    ]
