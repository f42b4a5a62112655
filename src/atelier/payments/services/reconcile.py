"""Reconciliation: ask the provider about payments still open after a while.

A webhook can be lost (an outage on either side, a misconfigured endpoint). Every few
minutes (Celery beat, or `manage.py payments_reconcile`) payments still open
`PAYMENTS_RECONCILE_AFTER_MINUTES` after creation, and not asked about within that
time, are looked up at their provider, and refunds still pending there too. What the
provider answers goes through the same `state` functions as a webhook, under the same
lock, so a webhook and the job arriving together change the payment once.

Payments older than `RECONCILE_WINDOW` are left alone (a checkout abandoned for a week
is not worth asking about every quarter of an hour); they stay visible as open.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from atelier.core.actor import Actor
from atelier.core.errors import NotFound
from atelier.integrations.payments import registry
from atelier.integrations.payments.port import ProviderError, ProviderNotFound
from atelier.payments.enums import OPEN_STATUSES, WebhookOutcome
from atelier.payments.enums import RefundStatus as R
from atelier.payments.models import Payment, Refund
from atelier.payments.services import state
from atelier.payments.services._common import Applied, flag, lock_payment, logger

RECONCILE_WINDOW = timedelta(days=7)
SOURCE = "Reconciliation with the provider."


@dataclass
class ReconcileReport:
    checked: int = 0
    changed: int = 0
    flagged: int = 0
    unreachable: int = 0
    refunds_checked: int = 0
    refunds_changed: int = 0

    def as_dict(self) -> dict:
        return asdict(self)


def payments_reconcile(
    *, actor: Actor, now: datetime | None = None, limit: int = 200
) -> ReconcileReport:
    now = now or timezone.now()
    after = timedelta(minutes=settings.PAYMENTS_RECONCILE_AFTER_MINUTES)
    report = ReconcileReport()
    for pk in _due_payments(now, after, limit):
        report.checked += 1
        try:
            applied = _reconcile(pk, now=now)
        except ProviderError as exc:
            report.unreachable += 1
            logger.warning("Reconciliation could not reach the provider: %s", exc.message)
            continue
        report.changed += applied.outcome == WebhookOutcome.PROCESSED
        report.flagged += applied.outcome == WebhookOutcome.FLAGGED
    for pk in _pending_refunds(limit):
        report.refunds_checked += 1
        try:
            applied = _reconcile_refund(pk)
        except ProviderError as exc:
            report.unreachable += 1
            logger.warning("Reconciliation could not reach the provider: %s", exc.message)
            continue
        report.refunds_changed += applied.outcome == WebhookOutcome.PROCESSED
    logger.info("Payments reconciled by %s: %s", actor.label, report.as_dict())
    return report


def payment_reconcile(*, payment_id: str, actor: Actor, now: datetime | None = None) -> Applied:
    """Ask the provider about one payment now, whatever its age (admin action)."""
    payment = Payment.objects.filter(reference=payment_id).first()
    if payment is None:
        raise NotFound("Payment not found.")
    return _reconcile(payment.pk, now=now or timezone.now())


def _due_payments(now: datetime, after: timedelta, limit: int) -> list[int]:
    rows = (
        Payment.objects.filter(
            status__in=OPEN_STATUSES,
            created_at__lte=now - after,
            created_at__gte=now - RECONCILE_WINDOW,
        )
        .exclude(provider_id="", provider_session_id="")
        .filter(Q(reconciled_at__isnull=True) | Q(reconciled_at__lte=now - after))
        .order_by("reconciled_at", "created_at")
    )
    return list(rows.values_list("pk", flat=True)[:limit])


def _pending_refunds(limit: int) -> list[int]:
    rows = Refund.objects.filter(status=R.PENDING).exclude(provider_refund_id="")
    return list(rows.order_by("updated_at").values_list("pk", flat=True)[:limit])


def _reconcile(pk: int, *, now: datetime) -> Applied:
    payment = Payment.objects.get(pk=pk)
    provider = registry.provider(payment.provider)
    try:
        if payment.provider_id:
            found = provider.retrieve_intent(payment.provider_id)
        else:
            found = provider.retrieve_checkout_session(payment.provider_session_id)
    except ProviderNotFound:
        with transaction.atomic():
            return flag(lock_payment(pk), "The provider does not know this payment.")
    with transaction.atomic():
        locked = lock_payment(pk)
        if payment.provider_id:
            applied = state.intent_apply(locked, found, at=now, source=SOURCE)
        else:
            applied = state.session_apply(locked, found, at=now, source=SOURCE)
        Payment.objects.filter(pk=pk).update(reconciled_at=now)
    logger.info("Reconciled %s: %s (%s)", payment.reference, applied.outcome, applied.detail)
    return applied


def _reconcile_refund(pk: int) -> Applied:
    refund = Refund.objects.select_related("payment").get(pk=pk)
    found = registry.provider(refund.payment.provider).retrieve_refund(refund.provider_refund_id)
    with transaction.atomic():
        payment = lock_payment(refund.payment_id)
        locked = Refund.objects.select_for_update().get(pk=pk)
        return state.refund_apply(payment, locked, found, source=SOURCE)
