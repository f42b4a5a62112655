"""Outbox senders of the payments context (registered in settings.OUTBOX_SENDERS)."""

from atelier.core.actor import system_actor
from atelier.core.errors import NotFound
from atelier.core.outbox import PermanentFailure
from atelier.payments.errors import PaymentRefused
from atelier.payments.services import payment_cancel_execute, refund_execute


def send_refund(payload: dict, *, idempotency_key: str) -> None:
    """Send one requested refund to its provider. Unreachable provider: raised, so the
    outbox retries with backoff; a refusal is recorded on the refund and is final."""
    try:
        refund_execute(refund_id=payload["refund"], actor=system_actor("refund sender"))
    except (KeyError, NotFound, PaymentRefused) as exc:
        raise PermanentFailure(str(exc)) from None


def send_cancel(payload: dict, *, idempotency_key: str) -> None:
    """Ask the provider to cancel an open payment (see services.cancel)."""
    try:
        payment_cancel_execute(
            payment_id=payload["payment"],
            reason=payload.get("reason", ""),
            actor=system_actor("cancel sender"),
        )
    except (KeyError, NotFound) as exc:
        raise PermanentFailure(str(exc)) from None
