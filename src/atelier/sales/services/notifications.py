"""Messages to customers, always through the outbox (sent after commit, retried)."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string

from atelier.core import outbox
from atelier.core.money import Money
from atelier.sales.enums import PaymentPurpose
from atelier.sales.models import SalesOrder
from atelier.sales.services._building import access_token


def order_url(order: SalesOrder) -> str:
    """The storefront page of the order; guests get their access token in the link."""
    url = f"{settings.SITE_URL}/orders/{order.number}/"
    return url if order.customer_id else f"{url}?token={access_token(order)}"


def order_confirmation_enqueue(order: SalesOrder) -> None:
    """The order confirmation e-mail (HTML and text), once per order."""
    context = _order_context(order)
    outbox.enqueue(
        channel="email",
        payload={
            "to": [order.email],
            "subject": f"Your Atelier order {order.number}",
            "text": render_to_string("sales/email/order_confirmation.txt", context),
            "html": render_to_string("sales/email/order_confirmation.html", context),
        },
        idempotency_key=f"sales:order-confirmation:{order.number}",
    )


def _order_context(order: SalesOrder) -> dict:
    currency = order.currency
    address = order.shipping_address
    return {
        "order": order,
        "lines": [
            {
                "quantity": line.quantity,
                "description": line.description,
                "options": (line.configuration or {}).get("options", []),
                "amount": Money(line.total_gross, currency),
                "made_to_order": line.kind == "made_to_order",
                "lead_time_days": line.lead_time_days,
            }
            for line in order.lines.order_by("position")
        ],
        "discount": Money(order.discount_gross, currency) if order.discount_gross else None,
        "tax": Money(order.total_tax, currency),
        "total": Money(order.total_gross, currency),
        "address": address.lines() if address else [],
        "order_url": order_url(order),
    }


# What a payment link asks for -> (templates, subject). A quotation ("order"), a change
# after purchase's increase ("change"), the balance after finalisation ("balance").
LINK_MESSAGES = {
    PaymentPurpose.ORDER: ("payment_link", "Your Atelier quotation {number}"),
    PaymentPurpose.CHANGE: ("payment_change", "Your change to order {number}: {amount} to pay"),
    PaymentPurpose.BALANCE: ("payment_balance", "Balance of order {number}: {amount} to pay"),
}


def payment_link_enqueue(
    *,
    order: SalesOrder,
    url: str,
    amount: Money,
    via: str,
    key: str,
    purpose: str = PaymentPurpose.ORDER,
    summary: str = "",
    change_ref: str = "",
):
    """The payment link by e-mail or SMS (channel "sms": the console provider for now),
    worded for what it pays (`purpose`; a change names itself: `change_ref`, `summary`)."""
    template, subject = LINK_MESSAGES.get(purpose, LINK_MESSAGES[PaymentPurpose.ORDER])
    context = {
        "order": order,
        "url": url,
        "amount": amount,
        "summary": summary,
        "change_ref": change_ref,
        "order_url": order_url(order),
        "rep": order.sales_rep.get_full_name() if order.sales_rep_id else "",
        "boutique": order.boutique.name if order.boutique_id else "",
    }
    if via == "sms":
        payload = {
            "to": str(order.phone),
            "body": render_to_string(f"sales/email/{template}_sms.txt", context).strip(),
        }
    else:
        payload = {
            "to": [order.email],
            "subject": subject.format(number=order.number, amount=amount),
            "text": render_to_string(f"sales/email/{template}.txt", context),
            "html": render_to_string(f"sales/email/{template}.html", context),
        }
    return outbox.enqueue(channel=via, payload=payload, idempotency_key=key)


def shipment_email_enqueue(
    *,
    order: SalesOrder,
    kind: str,
    shipment_number: str,
    carrier="",
    tracking_number="",
    tracking_url="",
):
    """The "on its way" (kind "shipped") or "delivered" e-mail, once per shipment."""
    subjects = {
        "shipped": f"Your Atelier order {order.number} is on its way",
        "delivered": f"Your Atelier order {order.number} has been delivered",
    }
    address = order.shipping_address
    context = {
        "order": order,
        "carrier": carrier,
        "tracking_number": tracking_number,
        "tracking_url": tracking_url,
        "address": address.lines() if address else [],
        "order_url": order_url(order),
    }
    return outbox.enqueue(
        channel="email",
        payload={
            "to": [order.email],
            "subject": subjects[kind],
            "text": render_to_string(f"sales/email/order_{kind}.txt", context),
            "html": render_to_string(f"sales/email/order_{kind}.html", context),
        },
        idempotency_key=f"sales:order-{kind}:{order.number}:{shipment_number}",
    )
