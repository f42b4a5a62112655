"""Money given back (payments' PaymentRefunded): recorded on the order once, a paid
order refunded in full is flagged, a partial refund only recorded."""

from decimal import Decimal

import pytest

from atelier.core.models import StatusChange
from atelier.payments.events import PaymentRefunded, PaymentSucceeded
from atelier.sales import handlers, services
from atelier.sales.enums import OrderFlag, OrderStatus
from atelier.sales.tests.helpers import ADDRESS_FR, GUEST, SYSTEM

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def paid_order(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        cart = services.cart_create(actor=GUEST, region_code="eu")
        services.cart_line_add(cart=cart, sku="LUMEN-1", quantity=1, actor=GUEST)
        order = services.cart_checkout(
            cart=cart,
            email="buyer@example.com",
            shipping_address=ADDRESS_FR,
            shipping_method="standard",
            actor=GUEST,
        ).order
        handlers.on_payment_succeeded(
            PaymentSucceeded(
                payment_id="PAY-T-1",
                order_ref=order.number,
                purpose="order",
                amount=str(order.total_gross),
                currency="EUR",
            )
        )
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    return order


def _refund(order, amount, refund_id="RFD-T-1", currency="EUR"):
    return PaymentRefunded(
        payment_id="PAY-T-1",
        order_ref=order.number,
        refund_id=refund_id,
        amount=str(amount),
        currency=currency,
    )


def test_a_partial_refund_is_recorded_once_and_not_flagged(paid_order):
    event = _refund(paid_order, "100.00")
    handlers.on_payment_refunded(event)
    handlers.on_payment_refunded(event)  # redelivered
    paid_order.refresh_from_db()
    assert paid_order.amount_refunded == D("100.00")
    assert paid_order.amount_paid == D("545.00")
    assert paid_order.status == OrderStatus.PAID
    assert paid_order.flag == ""
    notes = StatusChange.objects.filter(object_id=str(paid_order.pk), reason__contains="RFD-T-1")
    assert notes.count() == 1


def test_refunds_adding_up_to_the_amount_paid_flag_the_order_refunded(paid_order):
    handlers.on_payment_refunded(_refund(paid_order, "100.00", "RFD-T-1"))
    handlers.on_payment_refunded(_refund(paid_order, "445.00", "RFD-T-2"))
    paid_order.refresh_from_db()
    assert paid_order.amount_refunded == D("545.00")
    assert paid_order.flag == OrderFlag.REFUNDED
    assert paid_order.status == OrderStatus.PAID  # the posted invoice stays as it is


def test_a_refund_in_another_currency_is_flagged_not_recorded(paid_order):
    handlers.on_payment_refunded(_refund(paid_order, "100.00", currency="USD"))
    paid_order.refresh_from_db()
    assert paid_order.amount_refunded == 0
    assert paid_order.flag == OrderFlag.REFUND_FAILED


def test_a_refund_for_an_unknown_order_changes_nothing(paid_order):
    event = PaymentRefunded(
        payment_id="PAY-X",
        order_ref="SO-1999-000001",
        refund_id="RFD-X",
        amount="1.00",
        currency="EUR",
    )
    handlers.on_payment_refunded(event)
    paid_order.refresh_from_db()
    assert paid_order.amount_refunded == 0


def test_the_refund_of_a_payment_after_cancellation_is_only_noted(world):
    cart = services.cart_create(actor=GUEST, region_code="eu")
    services.cart_line_add(cart=cart, sku="LUMEN-1", quantity=1, actor=GUEST)
    order = services.cart_checkout(
        cart=cart,
        email="b@example.com",
        shipping_address=ADDRESS_FR,
        shipping_method="standard",
        actor=GUEST,
    ).order
    order = services.order_cancel(order=order, reason="Too late.", actor=SYSTEM)
    handlers.on_payment_refunded(_refund(order, "545.00"))
    order.refresh_from_db()
    assert order.amount_refunded == 0
    assert order.flag == ""
    assert StatusChange.objects.filter(object_id=str(order.pk), reason__contains="RFD-T-1").exists()
