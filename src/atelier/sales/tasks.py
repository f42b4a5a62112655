"""Celery tasks wrapping sales services (scheduled in CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

from atelier.core.actor import system_actor
from atelier.sales import services


@shared_task(name="atelier.sales.tasks.orders_cancel_unpaid", ignore_result=True)
def orders_cancel_unpaid() -> int:
    """Cancel online orders unpaid after ORDER_PAYMENT_TIMEOUT_MINUTES (every 5 minutes)."""
    return services.orders_cancel_unpaid(actor=system_actor("unpaid order expiry"))
