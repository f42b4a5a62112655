"""The payment's and the refund's allowed status changes (docs/contexts/payments.md).

Payment (moved by what the provider reports, through webhooks or reconciliation):

    requires_payment --+--> processing ------+
          |            +--> requires_action -+--> succeeded   (final; refunds are amounts)
          |            +--> failed ----------+--> canceled    (final)
          +------------------------------------^
    processing / requires_action / failed move among themselves: a declined card can be
    retried on the same payment, a confirmation step can come back, and so on.

Nothing leaves `succeeded` or `canceled`: a late "payment failed" never un-pays, and
money reported for a cancelled payment is flagged for review instead.

Refund:

    requested --> pending --> succeeded
        |            |------> failed / canceled
        +--> succeeded / failed / canceled
    succeeded --> failed   (rare: the bank returned the refund; flagged for review)

No permission is attached: the services decide who may ask (refunds need a paid payment),
the provider decides what happened.
"""

from __future__ import annotations

from atelier.core.statemachine import Transition, TransitionTable
from atelier.payments.enums import PaymentStatus as S
from atelier.payments.enums import RefundStatus as R

_OPEN = (S.REQUIRES_PAYMENT, S.PROCESSING, S.REQUIRES_ACTION, S.FAILED)
_LABELS = {
    S.PROCESSING: "Processing",
    S.REQUIRES_ACTION: "Awaiting confirmation",
    S.SUCCEEDED: "Paid",
    S.FAILED: "Failed",
    S.CANCELED: "Cancel",
}

TRANSITIONS: TransitionTable = {
    (frm, to): Transition(label=label, requires_reason=to == S.CANCELED)
    for frm in _OPEN
    for to, label in _LABELS.items()
    if frm != to
}

REFUND_TRANSITIONS: TransitionTable = {
    (R.REQUESTED, R.PENDING): Transition(label="Sent, pending"),
    (R.REQUESTED, R.SUCCEEDED): Transition(label="Refunded"),
    (R.REQUESTED, R.FAILED): Transition(label="Refused"),
    (R.REQUESTED, R.CANCELED): Transition(label="Cancelled"),
    (R.PENDING, R.SUCCEEDED): Transition(label="Refunded"),
    (R.PENDING, R.FAILED): Transition(label="Failed"),
    (R.PENDING, R.CANCELED): Transition(label="Cancelled"),
    (R.SUCCEEDED, R.FAILED): Transition(label="Returned by the bank"),
}
