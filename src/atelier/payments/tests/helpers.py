"""Helpers for the payments tests: payments, Stripe-shaped events, signed deliveries."""

from __future__ import annotations

import json
import secrets
import time

from atelier.core.money import Money
from atelier.integrations.payments import signature
from atelier.integrations.payments.stripe_objects import to_minor
from atelier.integrations.payments.tests.stub import example
from atelier.payments import facade
from atelier.payments.models import Payment
from atelier.payments.services import webhook_receive

SECRET = "whsec_payments_tests"
SITE = "https://shop.example"
WEBHOOK_URL = "/api/v1/payments/stripe/webhook"
EUR_1200 = Money("1200.00", "EUR")
_counter = iter(range(1, 1_000_000))


def start(*, order_ref="SO-2026-000001", amount=EUR_1200, key=None, **kwargs):
    """A checkout payment through the facade (the provider is whatever the settings say)."""
    return facade.payment_start(
        order_ref=order_ref,
        amount=amount,
        customer_email=kwargs.pop("customer_email", "ada@example.com"),
        description=kwargs.pop("description", f"Atelier order {order_ref}"),
        return_url=kwargs.pop("return_url", f"{SITE}/checkout/{order_ref}/done/"),
        idempotency_key=key or f"{order_ref}:pay:{next(_counter)}",
        **kwargs,
    )


def make_payment(**fields) -> Payment:
    """A Stripe payment row as payment_start leaves it (for webhook tests)."""
    n = next(_counter)
    values = {
        "reference": f"PAY-2026-{n:06d}",
        "provider": "stripe",
        "provider_id": f"pi_test_{secrets.token_hex(6)}",
        "order_ref": f"SO-2026-{n:06d}",
        "amount": EUR_1200.amount,
        "currency": "EUR",
        "idempotency_key": f"test:{n}",
        "client_secret": "pi_secret",
    }
    values.update(fields)
    return Payment.objects.create(**values)


# --- Stripe-shaped objects -------------------------------------------------------------
def intent_obj(payment, *, status="succeeded", amount=None, currency=None, error=None, **extra):
    minor = to_minor(payment.money) if amount is None else amount
    obj = example("payment_intent")
    obj.update(
        id=payment.provider_id,
        amount=minor,
        amount_received=minor if status == "succeeded" else 0,
        currency=(currency or payment.currency).lower(),
        status=status,
        metadata={"atelier_payment": payment.reference, "order_ref": payment.order_ref},
        last_payment_error=error,
    )
    obj.update(extra)
    return obj


def declined(code="card_declined", decline_code="generic_decline"):
    return {"type": "card_error", "code": code, "decline_code": decline_code,
            "message": "Your card was declined."}  # fmt: skip


def session_obj(payment, *, status="complete", payment_status="paid", amount=None, **extra):
    obj = example("checkout.session")
    obj.update(
        id=payment.provider_session_id,
        status=status,
        payment_status=payment_status,
        amount_total=to_minor(payment.money) if amount is None else amount,
        currency=payment.currency.lower(),
        client_reference_id=payment.reference,
        metadata={"atelier_payment": payment.reference},
        payment_intent=extra.pop("payment_intent", f"pi_link_{secrets.token_hex(4)}"),
    )
    obj.update(extra)
    return obj


def refund_obj(refund_id, amount, currency="eur", *, status="succeeded", metadata=None):
    obj = example("refund")
    obj.update(id=refund_id, amount=amount, currency=currency, status=status,
               metadata=metadata or {})  # fmt: skip
    return obj


def charge_obj(payment, *, refunded, refunds=None, amount=None, **extra):
    """A charge of `payment`; `refunds=None` leaves the refund list out (newer API)."""
    minor = to_minor(payment.money) if amount is None else amount
    obj = example("charge")
    obj.update(
        id=f"ch_{secrets.token_hex(6)}",
        amount=minor,
        amount_captured=minor,
        amount_refunded=refunded,
        currency=payment.currency.lower(),
        paid=True,
        captured=True,
        status="succeeded",
        refunded=refunded >= minor,
        payment_intent=payment.provider_id,
    )
    if refunds is None:
        obj.pop("refunds")
    else:
        obj["refunds"] = {"object": "list", "data": refunds, "has_more": False}
    obj.update(extra)
    return obj


def envelope(kind: str, obj: dict, *, created: int | None = None, event_id: str | None = None):
    evt = example("event")
    evt.update(
        id=event_id or f"evt_{secrets.token_hex(8)}",
        type=kind,
        created=int(time.time()) if created is None else created,
        data={"object": obj},
    )
    return evt


# --- Delivery ----------------------------------------------------------------------------
def signed(evt: dict, *, secret: str = SECRET, timestamp: int | None = None):
    payload = json.dumps(evt).encode()
    return payload, signature.sign(payload, secret, timestamp=timestamp)


def deliver(evt: dict, *, provider: str = "stripe", now: float | None = None):
    """Through the same function the webhook view calls."""
    payload, header = signed(evt)
    return webhook_receive(provider=provider, payload=payload, signature_header=header, now=now)


def post(client, evt: dict | None = None, *, payload: bytes | None = None, header=None):
    """POST to the real webhook endpoint; signs `evt` unless a header is given."""
    if evt is not None:
        payload, good = signed(evt)
        header = good if header is None else header
    extra = {} if header is None else {"HTTP_STRIPE_SIGNATURE": header}
    return client.post(WEBHOOK_URL, data=payload, content_type="application/json", **extra)
