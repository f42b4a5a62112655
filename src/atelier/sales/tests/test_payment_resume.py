"""Going back to pay: the checkout's own payment, never a second one."""

from decimal import Decimal

import pytest

from atelier.catalog.tests.factories import CategoryFactory
from atelier.core.errors import Conflict
from atelier.payments.models import Payment
from atelier.sales import services
from atelier.sales.services.payment_resume import order_payment_resume
from atelier.sales.tests.helpers import ADDRESS_FR, GUEST, SYSTEM

pytestmark = pytest.mark.django_db


def _checkout():
    cart = services.cart_create(actor=GUEST, region_code="eu")
    services.cart_line_add(cart=cart, sku="LUMEN-1", quantity=1, actor=GUEST)
    return services.cart_checkout(
        cart=cart,
        email="guest@example.com",
        shipping_address=ADDRESS_FR,
        shipping_method="standard",
        actor=GUEST,
    )


def test_an_order_awaiting_payment_gets_its_checkout_payment_again(world):
    result = _checkout()

    again = order_payment_resume(order=result.order, actor=GUEST)

    assert again.payment_id == result.payment.payment_id
    assert again.redirect_url == result.payment.redirect_url
    assert Payment.objects.count() == 1


def test_an_order_not_awaiting_payment_is_refused(world):
    order = _checkout().order
    services.order_cancel(order=order, reason="Changed my mind", actor=SYSTEM)

    with pytest.raises(Conflict):
        order_payment_resume(order=order, actor=GUEST)
    assert Payment.objects.count() == 1


def _sofa_checkout():
    """A sofa sold provisionally (made to order), checked out but not paid yet."""
    cart = services.cart_create(actor=GUEST, region_code="eu")
    services.cart_line_add(
        cart=cart,
        sku="ARIA-240",
        quantity=1,
        options={"fabric": "linen"},
        dimensions={"width": "240"},
        actor=GUEST,
    )
    return services.cart_checkout(
        cart=cart,
        email="guest@example.com",
        shipping_address=ADDRESS_FR,
        shipping_method="standard",
        actor=GUEST,
    )


def _sofas_take_a_deposit(world, settings, percent=30):
    world.sofa.product.category = CategoryFactory(slug="sofas")
    world.sofa.product.save()
    settings.SALES_DEPOSIT_PERCENT_BY_CATEGORY = {"sofas": percent}


def test_resuming_a_made_to_order_checkout_asks_the_deposit_not_the_total(world, settings):
    _sofas_take_a_deposit(world, settings)
    result = _sofa_checkout()
    order = result.order
    line = order.lines.get()
    deposit = (Decimal(line.total_gross) * Decimal("0.3")).quantize(Decimal("0.01"))

    again = order_payment_resume(order=order, actor=GUEST)

    assert again.payment_id == result.payment.payment_id
    [payment] = Payment.objects.all()
    assert payment.amount == deposit + order.shipping_gross
    assert payment.amount < order.total_gross


def test_resuming_asks_what_checkout_asked_even_when_the_deposit_setting_moved(world, settings):
    _sofas_take_a_deposit(world, settings, percent=30)
    result = _sofa_checkout()
    asked = Payment.objects.get().amount
    settings.SALES_DEPOSIT_PERCENT_BY_CATEGORY = {"sofas": 50}

    again = order_payment_resume(order=result.order, actor=GUEST)

    assert again.payment_id == result.payment.payment_id
    assert Payment.objects.count() == 1
    assert Payment.objects.get().amount == asked
