"""Going back to pay: the checkout's own payment, never a second one."""

import pytest

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
