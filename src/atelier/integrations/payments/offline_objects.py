"""The Stripe-shaped objects and events the offline provider answers and announces.

Shapes follow Stripe's API version `STRIPE_API_VERSION`: amounts in the smallest unit,
lower-case currencies, ids with Stripe's prefixes (`pi_off_...`, `re_off_...`).
"""

from __future__ import annotations

import hashlib
import json
import secrets

from django.utils import timezone

from atelier.core.money import Money
from atelier.integrations.payments.models import OfflineIntent, OfflineRefund
from atelier.integrations.payments.stripe_objects import STRIPE_API_VERSION, to_minor


def event_envelope(kind: str, obj: dict) -> dict:
    return {
        "id": new_id("evt"),
        "object": "event",
        "api_version": STRIPE_API_VERSION,
        "created": int(timezone.now().timestamp()),
        "livemode": False,
        "pending_webhooks": 1,
        "request": {"id": None, "idempotency_key": None},
        "type": kind,
        "data": {"object": obj},
    }


def intent_object(row: OfflineIntent) -> dict:
    return {
        "id": row.id,
        "object": "payment_intent",
        "amount": row.amount,
        "amount_received": row.amount_received,
        "currency": row.currency,
        "status": row.status,
        "client_secret": row.client_secret,
        "automatic_payment_methods": {"enabled": True},
        "capture_method": "automatic",
        "description": row.description or None,
        "receipt_email": row.receipt_email or None,
        "metadata": row.metadata,
        "last_payment_error": row.last_payment_error,
        "latest_charge": row.latest_charge or None,
        "next_action": {"type": "redirect_to_url"} if row.status == "requires_action" else None,
        "created": int(row.created.timestamp()),
        "livemode": False,
    }


def refund_object(refund: OfflineRefund) -> dict:
    return {
        "id": refund.id,
        "object": "refund",
        "amount": refund.amount,
        "currency": refund.intent.currency,
        "payment_intent": refund.intent_id,
        "charge": refund.intent.latest_charge or None,
        "status": refund.status,
        "reason": refund.reason or None,
        "metadata": refund.metadata,
        "created": int(refund.created.timestamp()),
    }


def charge_object(intent: OfflineIntent) -> dict:
    refunds = [refund_object(r) for r in intent.refunds.select_related("intent")]
    return {
        "id": intent.latest_charge,
        "object": "charge",
        "amount": intent.amount_received,
        "amount_captured": intent.amount_received,
        "amount_refunded": intent.amount_refunded,
        "currency": intent.currency,
        "paid": True,
        "captured": True,
        "status": "succeeded",
        "refunded": intent.amount_refunded >= intent.amount_received,
        "payment_intent": intent.id,
        "refunds": {"object": "list", "data": refunds, "has_more": False},
        "livemode": False,
    }


def new_id(prefix: str) -> str:
    return f"{prefix}_off_{secrets.token_hex(12)}"


def new_intent(amount: Money) -> dict:
    intent_id = new_id("pi")
    return {
        "id": intent_id,
        "client_secret": f"{intent_id}_secret_{secrets.token_hex(12)}",
        "amount": to_minor(amount),
        "currency": amount.currency.lower(),
    }


def fingerprint(*parts) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


def session_object(row: OfflineIntent, page_url: str) -> dict:
    return {
        "id": row.session_id,
        "object": "checkout.session",
        "mode": "payment",
        "status": row.session_status,
        "payment_status": "paid" if row.status == "succeeded" else "unpaid",
        "url": page_url if row.session_status == "open" else None,
        "amount_total": row.amount,
        "currency": row.currency,
        "payment_intent": row.id,
        "client_reference_id": row.client_reference_id or None,
        "customer_email": row.customer_email or None,
        "metadata": row.metadata,
        "success_url": row.success_url,
        "cancel_url": row.cancel_url,
        "expires_at": int(row.session_expires_at.timestamp()) if row.session_expires_at else None,
        "livemode": False,
    }
