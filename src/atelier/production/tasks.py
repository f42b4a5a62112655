"""Celery tasks wrapping production services (scheduled in CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

from atelier.core.actor import system_actor
from atelier.production import services


@shared_task(name="atelier.production.tasks.production_late_check", ignore_result=True)
def production_late_check() -> int:
    """Daily: e-mail the production managers about late purchase orders (once per PO per day)."""
    return services.late_check(actor=system_actor("production late check"))
