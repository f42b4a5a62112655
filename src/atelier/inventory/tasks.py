"""Celery tasks wrapping inventory services (scheduled in CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

from atelier.core.actor import system_actor
from atelier.inventory import services


@shared_task(name="atelier.inventory.tasks.reservations_expire", ignore_result=True)
def reservations_expire() -> int:
    """Release unpaid holds past RESERVATION_TTL_MINUTES (every minute)."""
    return services.reservations_expire_due(actor=system_actor("reservation expiry"))


@shared_task(name="atelier.inventory.tasks.replenishment_run", ignore_result=True)
def replenishment_run() -> str:
    return str(services.replenishment_run(actor=system_actor("replenishment run")))
