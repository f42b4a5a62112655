"""Checkout: one cart -> one sent quotation with its stock held and its payment started;
refusals write nothing; the same Idempotency-Key replays the same order."""

from decimal import Decimal

import pytest

from atelier.core.errors import Conflict, NotFound, ValidationFailed
from atelier.inventory import facade as inventory
from atelier.inventory.errors import OutOfStock
from atelier.sales import services
from atelier.sales.enums import CartStatus, LineKind, OrderStatus
from atelier.sales.models import SalesOrder
from atelier.sales.tests.helpers import ADDRESS_CA, ADDRESS_FR, GUEST, counts

pytestmark = pytest.mark.django_db
D = Decimal


def _cart(region="eu", **lines):
    cart = services.cart_create(actor=GUEST, region_code=region)
    for sku, quantity in (lines or {"LUMEN-1": 1}).items():
        services.cart_line_add(cart=cart, sku=sku.replace("_", "-"), quantity=quantity, actor=GUEST)
    return cart


def _checkout(cart, **kwargs):
    fields = {
        "email": "camille@example.com",
        "phone": "+33 1 42 60 00 00",
        "shipping_address": ADDRESS_FR,
        "shipping_method": "standard",
        "actor": GUEST,
    }
    return services.cart_checkout(cart=cart, **{**fields, **kwargs})


def test_checkout_creates_a_sent_order_with_stock_held_and_a_payment(world):
    cart = _cart(LUMEN_1=2)

    result = _checkout(cart, idempotency_key="k-1")

    order = result.order
    cart.refresh_from_db()
    assert order.number.startswith("SO-")
    assert order.status == OrderStatus.SENT
    assert cart.status == CartStatus.CHECKED_OUT
    assert order.payment_due_at is not None
    # 2 x 450.00 + standard delivery 95.00 (VAT included at 20 %)
    assert (order.lines_gross, order.shipping_gross, order.total_gross) == (
        D("900.00"),
        D("95.00"),
        D("995.00"),
    )
    assert order.total_tax == D("150.00") + D("15.83")
    (line,) = order.lines.all()
    assert (line.ref, line.kind, line.sku, line.quantity) == ("L1", LineKind.STOCK, "LUMEN-1", 2)
    assert line.manufacturer_id == world.lamp.product.manufacturer_id
    held = inventory.reservation_for(order.number)
    assert held.quantity_for("L1") == 2
    assert result.payment.provider == "offline"
    assert result.payment.redirect_url
    assert result.access_token


def test_made_to_order_lines_keep_their_configuration_and_hold_no_stock(world):
    cart = services.cart_create(actor=GUEST)
    services.cart_line_add(
        cart=cart,
        sku="ARIA-240",
        quantity=1,
        options={"fabric": "mohair"},
        dimensions={"width": "260"},
        actor=GUEST,
    )
    order = _checkout(cart, shipping_method="white_glove").order

    (line,) = order.lines.all()
    assert line.kind == LineKind.MADE_TO_ORDER
    assert line.finalisation == "provisional"
    assert line.configuration["options"][0]["choice_name"] == "Mohair"
    assert line.configuration["custom_dimensions"] == [
        {"axis": "width", "standard_cm": "240.0", "requested_cm": "260"}
    ]
    assert line.unit_gross == D("2920.00")
    assert (order.shipping_method, order.shipping_gross) == ("white_glove", D("350.00"))
    with pytest.raises(NotFound):
        inventory.reservation_for(order.number)


def test_us_orders_add_sales_tax_for_the_state(world):
    cart = _cart(region="us")
    order = _checkout(cart, shipping_address=ADDRESS_CA, phone="").order
    # 500.00 + 110.00 delivery, 7.25 % California sales tax on top
    assert (order.total_net, order.total_tax, order.total_gross) == (
        D("610.00"),
        D("36.25") + D("7.98"),
        D("654.23"),
    )


def test_free_delivery_above_the_threshold(world):
    cart = _cart(LUMEN_1=1)
    services.cart_line_add(
        cart=cart, sku="ARIA-240", quantity=2, options={"fabric": "linen"}, actor=GUEST
    )
    order = _checkout(cart).order  # 450 + 2 x 2 490 = 5 430 >= 5 000: free
    assert order.shipping_gross == D("0")
    assert order.total_gross == D("5430.00")


def test_the_same_idempotency_key_returns_the_same_order(world):
    cart = _cart()
    first = _checkout(cart, idempotency_key="same")
    before = counts()
    again = _checkout(cart, idempotency_key="same")
    assert again.replayed
    assert again.order.pk == first.order.pk
    assert again.access_token == first.access_token
    assert again.payment.payment_id == first.payment.payment_id
    assert counts() == before


@pytest.mark.parametrize("second_key", ["", "another"])
def test_a_cart_makes_one_order_only(world, second_key):
    cart = _cart()
    first = _checkout(cart, idempotency_key="first")
    with pytest.raises(Conflict) as raised:
        _checkout(cart, idempotency_key=second_key)
    assert raised.value.code == "cart_closed"
    assert raised.value.details == {"order_number": first.order.number}
    assert SalesOrder.objects.count() == 1


def test_out_of_stock_at_checkout_refuses_and_writes_nothing(world):
    cart = _cart(LUMEN_1=5)
    other = _cart(LUMEN_1=1)
    _checkout(other)
    before = counts()
    with pytest.raises(OutOfStock) as raised:
        _checkout(cart)
    assert "no longer available" in raised.value.message
    assert counts() == before
    cart.refresh_from_db()
    assert cart.status == CartStatus.OPEN


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"email": "not-an-email"}, "email"),
        ({"phone": "12"}, "phone"),
        ({"shipping_address": {**ADDRESS_FR, "country": "XX"}}, "shipping_address.country"),
        ({"shipping_address": {**ADDRESS_FR, "city": ""}}, "shipping_address.city"),
        ({"shipping_address": "Paris"}, "shipping_address"),
        ({"shipping_address": ADDRESS_CA}, None),  # not in the cart's region
        ({"shipping_method": "teleport"}, "shipping_method"),
        ({"shipping_method": ""}, "shipping_method"),
        ({"idempotency_key": "x" * 121}, "Idempotency-Key"),
    ],
)
def test_bad_checkout_input_is_refused_and_writes_nothing(world, change, field):
    cart = _cart()
    before = counts()
    with pytest.raises(ValidationFailed) as raised:
        _checkout(cart, **change)
    if field:
        assert raised.value.details.get("field") == field
    assert counts() == before


def test_an_empty_cart_cannot_be_checked_out(world):
    cart = services.cart_create(actor=GUEST)
    with pytest.raises(ValidationFailed) as raised:
        _checkout(cart)
    assert raised.value.code == "cart_empty"


def test_a_piece_withdrawn_since_it_went_in_the_cart_is_refused(world):
    cart = _cart()
    world.lamp.is_active = False
    world.lamp.save()
    before = counts()
    with pytest.raises(ValidationFailed) as raised:
        _checkout(cart)
    assert raised.value.code == "not_sold"
    assert counts() == before
