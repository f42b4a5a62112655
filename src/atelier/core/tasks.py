from celery import shared_task

from atelier.core import outbox


@shared_task(name="atelier.core.tasks.outbox_dispatch", ignore_result=True)
def outbox_dispatch() -> dict:
    return outbox.dispatch_due()
