"""Builders for the made-to-order tests: a paid sofa (through checkout and the offline
payment page), the money totals of an order, and running on-commit work."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.test import Client, TestCase
from django.utils import timezone

from atelier.core.actor import Actor
from atelier.payments import facade as payments
from atelier.pricing.models import DimensionPrice, OptionPrice
from atelier.sales import services
from atelier.sales.models import SalesOrder
from atelier.sales.tests.helpers import ADDRESS_FR, GUEST
from atelier.sales.tests.payments import pay_offline

LIVE_REFUNDS = ("requested", "pending", "succeeded")


def committed():
    """Run on-commit work (events, webhooks) as it happens in production."""
    return TestCase.captureOnCommitCallbacks(execute=True)


def paid_sofa(
    *, actor: Actor = GUEST, options=None, dimensions=None, email="buyer@example.com"
) -> SalesOrder:
    """A sofa (made to order, sold provisionally) checked out and paid (offline)."""
    with committed():
        cart = services.cart_create(actor=actor, region_code="eu")
        services.cart_line_add(
            cart=cart,
            sku="ARIA-240",
            quantity=1,
            options=options or {"fabric": "linen"},
            dimensions=dimensions or {"width": "240"},
            actor=actor,
        )
        result = services.cart_checkout(
            cart=cart,
            email=email,
            shipping_address=ADDRESS_FR,
            shipping_method="standard",
            actor=actor,
        )
    with committed():
        pay_offline(Client(), result.payment)
    return SalesOrder.objects.get(pk=result.order.pk)


def pay(payment) -> None:
    with committed():
        pay_offline(Client(), payment)


def money_totals(order: SalesOrder) -> dict[str, Decimal]:
    """payments received, refunds (live), invoices and credit notes of the order."""
    paid = refunded = Decimal(0)
    for payment in payments.payments_for_order(order.number):
        paid += payment.amount_received.amount
        refunded += sum(
            (r.amount.amount for r in payment.refunds if r.status in LIVE_REFUNDS), Decimal(0)
        )
    invoiced = sum((i.total_gross for i in order.invoices.all()), Decimal(0))
    credited = sum((c.total_gross for c in order.credit_notes.all()), Decimal(0))
    return {"paid": paid, "refunded": refunded, "invoiced": invoiced, "credited": credited}


def backdate(order: SalesOrder, *, days: int) -> None:
    """Make `order` (and every option and size price existing now) `days` old, as if
    it had been placed then: a later price change then happens after the order date."""
    then = timezone.now() - timedelta(days=days)
    SalesOrder.objects.filter(pk=order.pk).update(created_at=then)
    for model in (OptionPrice, DimensionPrice):
        model.history.filter(history_date__gt=then).update(history_date=then - timedelta(seconds=1))
    order.refresh_from_db()
