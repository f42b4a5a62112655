"""Payments endpoints under /api/v1/payments/.

* `POST /stripe/webhook`: Stripe's webhook (no session, no CSRF; the signature is the
  authentication). Thin: the raw body and the `Stripe-Signature` header go to
  `services.webhook_receive`. 400 for a bad signature, stale timestamp or malformed
  body (nothing written); 200 for processed, ignored, flagged or duplicate events.
* `GET /` and `GET /{payment_id}`: staff reads, scoped by `access.py` (session auth).
"""

from __future__ import annotations

from django.core.paginator import Paginator
from ninja import Field, Query, Router, Schema
from ninja.security import django_auth

from atelier.accounts.authentication import may_use_backoffice
from atelier.core.errors import PermissionDenied
from atelier.payments import access, selectors, services
from atelier.payments.enums import PaymentStatus

router = Router(tags=["payments"])


class WebhookAck(Schema):
    received: bool
    outcome: str = Field(description="processed, ignored, flagged or duplicate")


class MoneyOut(Schema):
    amount: str
    currency: str


class RefundOut(Schema):
    refund_id: str
    amount: MoneyOut
    status: str
    origin: str
    reason: str
    created_at: str


class PaymentOut(Schema):
    payment_id: str
    order_ref: str
    purpose: str
    provider: str
    kind: str
    status: str
    amount: MoneyOut
    amount_received: MoneyOut
    amount_refunded: MoneyOut
    refundable: MoneyOut
    failure_code: str
    failure_message: str
    needs_review: bool
    created_at: str
    succeeded_at: str | None
    refunds: list[RefundOut]


class PaymentQuery(Schema):
    order_ref: str = Field("", max_length=40)
    status: PaymentStatus | None = None
    needs_review: bool | None = None
    page: int = Field(1, ge=1, le=10_000)
    per_page: int = Field(50, ge=1, le=200)


class PaymentPage(Schema):
    count: int
    page: int
    per_page: int
    results: list[PaymentOut]


@router.post("/stripe/webhook", auth=None, response=WebhookAck, summary="Stripe webhook")
def stripe_webhook(request):
    result = services.webhook_receive(
        provider="stripe",
        payload=request.body,
        signature_header=request.headers.get("Stripe-Signature"),
    )
    return {"received": True, "outcome": result.outcome}


@router.get("/", auth=django_auth, response=PaymentPage, summary="Payments, newest first")
def payments_list(request, query: Query[PaymentQuery]):
    rows = selectors.payment_list(
        _actor(request),
        order_ref=query.order_ref,
        status=query.status or "",
        needs_review=query.needs_review,
    )
    page = Paginator(rows, query.per_page).get_page(query.page)
    return {
        "count": page.paginator.count,
        "page": page.number,
        "per_page": query.per_page,
        "results": [_payment(p) for p in page.object_list],
    }


@router.get("/{payment_id}", auth=django_auth, response=PaymentOut, summary="One payment")
def payment_detail(request, payment_id: str):
    return _payment(access.get_payment_for(_actor(request), payment_id))


def _actor(request):
    actor = request.actor
    if not may_use_backoffice(actor):
        raise PermissionDenied("Staff only.")
    return actor


def _payment(payment) -> dict:
    info = selectors.payment_info(payment)
    return {
        "payment_id": info.payment_id,
        "order_ref": info.order_ref,
        "purpose": info.purpose,
        "provider": info.provider,
        "kind": info.kind,
        "status": info.status,
        "amount": info.amount.as_dict(),
        "amount_received": info.amount_received.as_dict(),
        "amount_refunded": info.amount_refunded.as_dict(),
        "refundable": info.refundable.as_dict(),
        "failure_code": info.failure_code,
        "failure_message": info.failure_message,
        "needs_review": info.needs_review,
        "created_at": info.created_at.isoformat(),
        "succeeded_at": info.succeeded_at.isoformat() if info.succeeded_at else None,
        "refunds": [
            {
                "refund_id": r.refund_id,
                "amount": r.amount.as_dict(),
                "status": r.status,
                "origin": r.origin,
                "reason": r.reason,
                "created_at": r.created_at.isoformat(),
            }
            for r in info.refunds
        ],
    }
