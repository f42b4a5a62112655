"""Celery tasks wrapping payments services (scheduled in CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

from atelier.core.actor import system_actor
from atelier.payments import services


@shared_task(name="atelier.payments.tasks.payments_reconcile", ignore_result=True)
def payments_reconcile() -> dict:
    """Ask the provider about payments still open after PAYMENTS_RECONCILE_AFTER_MINUTES."""
    report = services.payments_reconcile(actor=system_actor("payments reconciliation"))
    return report.as_dict()
