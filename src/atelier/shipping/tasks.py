"""Celery tasks wrapping shipping services."""

from celery import shared_task

from atelier.shipping.services import shipments_track_all


@shared_task(name="atelier.shipping.tasks.shipments_track")
def shipments_track() -> int:
    """Ask the carrier about every shipment on the road (beat: SHIPPING_TRACKING_SECONDS)."""
    return shipments_track_all()
