"""Shipment statuses, delivery kinds and where a tracking step came from."""

from django.db import models


class ShipmentStatus(models.TextChoices):
    """draft -> confirmed (address confirmed, lines checked) -> booked -> shipped ->
    out_for_delivery -> delivered; cancelled from draft/confirmed; exception from the
    carrier's road (back to shipped/out_for_delivery/delivered when it clears)."""

    DRAFT = "draft", "Draft"
    CONFIRMED = "confirmed", "Confirmed"
    BOOKED = "booked", "Booked"
    SHIPPED = "shipped", "Shipped"
    OUT_FOR_DELIVERY = "out_for_delivery", "Out for delivery"
    DELIVERED = "delivered", "Delivered"
    EXCEPTION = "exception", "Delivery exception"
    CANCELLED = "cancelled", "Cancelled"


OPEN_STATUSES = frozenset(
    {
        ShipmentStatus.DRAFT,
        ShipmentStatus.CONFIRMED,
        ShipmentStatus.BOOKED,
        ShipmentStatus.SHIPPED,
        ShipmentStatus.OUT_FOR_DELIVERY,
        ShipmentStatus.EXCEPTION,
    }
)
# Statuses whose tracking the carrier is asked about.
ON_THE_ROAD = frozenset(
    {
        ShipmentStatus.BOOKED,
        ShipmentStatus.SHIPPED,
        ShipmentStatus.OUT_FOR_DELIVERY,
        ShipmentStatus.EXCEPTION,
    }
)
# The lines, address and rate may change only before booking.
EDITABLE_STATUSES = frozenset({ShipmentStatus.DRAFT, ShipmentStatus.CONFIRMED})


class DeliveryKind(models.TextChoices):
    PARCEL = "parcel", "Carrier (parcel)"
    WHITE_GLOVE = "white_glove", "White-glove delivery (booked slot)"


class TrackingSource(models.TextChoices):
    CARRIER = "carrier", "Carrier tracking"
    COORDINATOR = "coordinator", "Logistics coordinator"


class SlotWindow(models.TextChoices):
    MORNING = "08:00-12:00", "Morning (08:00-12:00)"
    AFTERNOON = "12:00-17:00", "Afternoon (12:00-17:00)"
    EVENING = "17:00-20:00", "Evening (17:00-20:00)"
