"""Money arriving for orders (PaymentSucceeded): idempotent, refunds a cancelled order
instead of reviving it, takes stock again when the hold expired, flags what is short."""

from decimal import Decimal
from urllib.parse import urlparse

import pytest

from atelier.core.money import Money
from atelier.inventory import facade as inventory
from atelier.payments import facade as payments
from atelier.payments.events import PaymentSucceeded
from atelier.sales import handlers, services
from atelier.sales.enums import OrderFlag, OrderStatus
from atelier.sales.models import Invoice
from atelier.sales.tests.helpers import ADDRESS_FR, GUEST, SYSTEM
from atelier.sales.tests.payments import pay_offline

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run on-commit work (events, webhooks) as it happens in production."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


def _checkout(sku="LUMEN-1", quantity=1):
    cart = services.cart_create(actor=GUEST, region_code="eu")
    services.cart_line_add(cart=cart, sku=sku, quantity=quantity, actor=GUEST)
    return services.cart_checkout(
        cart=cart,
        email="buyer@example.com",
        shipping_address=ADDRESS_FR,
        shipping_method="standard",
        actor=GUEST,
    )


def _event(order, amount=None, payment_id="PAY-TEST-1"):
    return PaymentSucceeded(
        payment_id=payment_id,
        order_ref=order.number,
        purpose="order",
        amount=str(amount or order.total_gross),
        currency=order.currency,
    )


def test_the_same_payment_event_twice_counts_once(world, commit):
    with commit():
        order = _checkout().order
    event = _event(order)
    with commit():
        handlers.on_payment_succeeded(event)
        handlers.on_payment_succeeded(event)
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    assert order.amount_paid == order.total_gross
    assert Invoice.objects.filter(order=order).count() == 1


def test_a_partial_payment_confirms_but_does_not_invoice(world, commit):
    with commit():
        order = _checkout().order
        handlers.on_payment_succeeded(_event(order, amount=D("100.00")))
    order.refresh_from_db()
    assert order.status == OrderStatus.CONFIRMED
    assert order.balance_due == Money("445.00", "EUR")
    assert not order.invoices.exists()


def test_payment_for_a_cancelled_order_is_refunded_and_flagged(world, client, commit):
    with commit():
        result = _checkout()
        order = services.order_cancel(order=result.order, reason="Out of time.", actor=SYSTEM)
        pay_offline(client, result.payment)
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED
    assert order.flag == OrderFlag.PAID_AFTER_CANCEL
    assert "refunded automatically" in order.flag_note
    assert not order.invoices.exists()
    (payment,) = payments.payments_for_order(order.number)
    assert [r.amount for r in payment.refunds] == [Money("545.00", "EUR")]


def test_a_paid_order_whose_hold_expired_takes_the_stock_again(world, commit):
    with commit():
        order = _checkout().order
    inventory.release(order.number, "test: expired", actor=SYSTEM)
    with commit():
        handlers.on_payment_succeeded(_event(order))
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    assert order.flag == ""
    assert "confirmed" in inventory.reservation_for(order.number).statuses


def test_a_paid_order_whose_stock_is_gone_is_flagged(world, commit):
    with commit():
        order = _checkout(quantity=5).order
    inventory.release(order.number, "test: expired", actor=SYSTEM)
    with commit():
        _checkout(quantity=1)  # someone else takes one of the five
        handlers.on_payment_succeeded(_event(order))
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    assert order.flag == OrderFlag.STOCK_SHORT


def test_payments_for_unknown_orders_or_other_purposes_are_ignored(world, commit):
    with commit():
        order = _checkout().order
        handlers.on_payment_succeeded(
            PaymentSucceeded(
                payment_id="PAY-X",
                order_ref="SO-1999-000001",
                purpose="order",
                amount="1.00",
                currency="EUR",
            )
        )
        handlers.on_payment_succeeded(
            PaymentSucceeded(
                payment_id="PAY-Y", order_ref=order.number, purpose="change",
                amount="545.00", currency="EUR",
            )
        )  # fmt: skip
    order.refresh_from_db()
    assert order.status == OrderStatus.SENT
    assert order.amount_paid == 0


def test_cancelling_an_order_cancels_its_open_payment_so_it_cannot_be_paid(world, client, commit):
    with commit():
        result = _checkout()
    with commit():
        order = services.order_cancel(order=result.order, reason="Changed my mind.", actor=SYSTEM)
    (payment,) = payments.payments_for_order(order.number)
    assert payment.status == "canceled"
    response = client.post(urlparse(result.payment.redirect_url).path, {"action": "succeed"})
    assert response.status_code == 409  # the hosted page refuses a cancelled payment
    order.refresh_from_db()
    assert order.amount_paid == 0
    assert order.flag == ""
    (payment,) = payments.payments_for_order(order.number)
    assert payment.status == "canceled"
    assert not payment.refunds
