"""Writes of the payments context: keyword-only `<entity>_<verb>` functions.

payments.py   payment_start, payment_link_create
cancel.py     payment_cancel, payment_cancel_execute (the outbox sender's work)
refunds.py    refund_create, refund_execute (the outbox sender's work)
webhooks.py   webhook_receive (verify, record once, apply)
reconcile.py  payments_reconcile, payment_reconcile
state.py      how a provider's report changes a payment (shared by the two above)
"""

from atelier.payments.services.cancel import payment_cancel, payment_cancel_execute
from atelier.payments.services.payments import payment_link_create, payment_start
from atelier.payments.services.reconcile import (
    ReconcileReport,
    payment_reconcile,
    payments_reconcile,
)
from atelier.payments.services.refunds import refund_create, refund_execute
from atelier.payments.services.webhooks import WebhookResult, webhook_receive

__all__ = [
    "ReconcileReport",
    "WebhookResult",
    "payment_cancel",
    "payment_cancel_execute",
    "payment_link_create",
    "payment_reconcile",
    "payment_start",
    "payments_reconcile",
    "refund_create",
    "refund_execute",
    "webhook_receive",
]
