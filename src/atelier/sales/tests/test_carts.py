"""Carts: lines, configurations, server prices, refusals that write nothing, merging."""

from decimal import Decimal

import pytest

from atelier.accounts.tests.factories import make_user
from atelier.catalog.tests.factories import customer_actor
from atelier.core.errors import Conflict, NotFound, ValidationFailed
from atelier.core.roles import Role
from atelier.sales import selectors, services
from atelier.sales.enums import CartStatus
from atelier.sales.tests.helpers import GUEST, counts

pytestmark = pytest.mark.django_db
D = Decimal


def test_a_guest_cart_prices_a_line_from_the_server(world):
    cart = services.cart_create(actor=GUEST, region_code="eu")
    services.cart_line_add(cart=cart, sku="LUMEN-1", quantity=2, actor=GUEST)

    priced = selectors.cart_detail(cart).priced

    assert cart.currency == "EUR"
    assert priced.summary() == {
        "currency": "EUR",
        "tax_included": True,
        "subtotal": "900.00",
        "discount": "0.00",
        "shipping": "0.00",
        "tax": "150.00",
        "total": "900.00",
    }


def test_the_same_configuration_twice_adds_up_on_one_line(world):
    cart = services.cart_create(actor=GUEST)
    for _ in range(2):
        services.cart_line_add(
            cart=cart,
            sku="ARIA-240",
            quantity=1,
            options={"fabric": "mohair"},
            dimensions={"width": "260"},
            actor=GUEST,
        )

    (line,) = cart.lines.all()
    assert (line.quantity, line.options, line.dimensions) == (
        2,
        {"fabric": "mohair"},
        {"width": "260"},
    )
    (priced,) = selectors.cart_detail(cart).priced.lines
    # 2 490 + mohair 350 + width 260 cm (2 steps of 10 cm x 40) = 2 920 each
    assert priced.quote.unit_gross.amount == D("2920.00")


def test_options_may_be_given_as_choice_ids(world):
    mohair = world.sofa.product.option_groups.get().choices.get(code="mohair")
    cart = services.cart_create(actor=GUEST)
    line = services.cart_line_add(
        cart=cart, sku="ARIA-240", quantity=1, options=[mohair.pk], actor=GUEST
    )
    assert line.options == {"fabric": "mohair"}


@pytest.mark.parametrize("quantity", [0, -1, 100, 10**12, "2", 1.5, True])
def test_bad_quantities_are_refused_and_write_nothing(world, quantity):
    cart = services.cart_create(actor=GUEST)
    before = counts()
    with pytest.raises(ValidationFailed):
        services.cart_line_add(cart=cart, sku="LUMEN-1", quantity=quantity, actor=GUEST)
    assert counts() == before


@pytest.mark.parametrize("sku", ["NOPE-1", "DRAFT-1", "SECRET-1", "", None])
def test_unknown_unpublished_and_private_skus_look_missing(world, sku):
    cart = services.cart_create(actor=GUEST)
    before = counts()
    with pytest.raises(NotFound) as raised:
        services.cart_line_add(cart=cart, sku=sku, quantity=1, actor=GUEST)
    assert raised.value.message.startswith("No product with SKU")
    assert counts() == before


def test_a_granted_customer_may_buy_from_a_private_collection(world):
    customer = make_user(Role.CUSTOMER, "collector@example.com")
    world.collection.granted_users.add(customer)
    buyer = customer_actor(customer)
    cart = services.cart_create(actor=buyer)
    services.cart_line_add(cart=cart, sku="SECRET-1", quantity=1, actor=buyer)
    assert cart.lines.count() == 1


@pytest.mark.parametrize(
    ("options", "dimensions", "code"),
    [
        ({"fabric": "velvet"}, None, "unknown_choice"),
        ({"colour": "red"}, None, "unknown_option"),
        ({"fabric": "linen"}, {"width": "400"}, "dimension_out_of_range"),
        ({"fabric": "linen"}, {"height": "90"}, "dimension_fixed"),
        (None, None, "option_required"),
        ([999999], None, "unknown_choice"),
    ],
)
def test_an_invalid_configuration_is_refused(world, options, dimensions, code):
    cart = services.cart_create(actor=GUEST)
    before = counts()
    with pytest.raises(ValidationFailed) as raised:
        services.cart_line_add(
            cart=cart,
            sku="ARIA-240",
            quantity=1,
            options=options,
            dimensions=dimensions,
            actor=GUEST,
        )
    assert raised.value.code == code
    assert counts() == before


def test_a_piece_not_sold_in_the_region_is_refused(world):
    cart = services.cart_create(actor=GUEST, region_code="us")
    before = counts()
    with pytest.raises(ValidationFailed) as raised:  # custom widths have no US price
        services.cart_line_add(
            cart=cart,
            sku="ARIA-240",
            quantity=1,
            options={"fabric": "linen"},
            dimensions={"width": "260"},
            actor=GUEST,
        )
    assert raised.value.code == "size_not_sold_in_region"
    assert counts() == before


def test_an_unknown_region_is_refused(world):
    with pytest.raises(ValidationFailed):
        services.cart_create(actor=GUEST, region_code="mars")


def test_update_and_remove_lines(world):
    cart = services.cart_create(actor=GUEST)
    line = services.cart_line_add(cart=cart, sku="LUMEN-1", quantity=1, actor=GUEST)
    services.cart_line_update(cart=cart, line_id=line.pk, quantity=3, actor=GUEST)
    line.refresh_from_db()
    assert line.quantity == 3
    services.cart_line_remove(cart=cart, line_id=line.pk, actor=GUEST)
    assert not cart.lines.exists()
    with pytest.raises(NotFound):
        services.cart_line_remove(cart=cart, line_id=line.pk, actor=GUEST)


def test_a_checked_out_cart_cannot_change(world):
    cart = services.cart_create(actor=GUEST)
    cart.status = CartStatus.CHECKED_OUT
    cart.save()
    with pytest.raises(Conflict):
        services.cart_line_add(cart=cart, sku="LUMEN-1", quantity=1, actor=GUEST)


def test_signing_in_merges_the_guest_cart_into_the_customers(world):
    customer = make_user(Role.CUSTOMER, "ines@example.com")
    own = services.cart_create(actor=customer_actor(customer))
    services.cart_line_add(cart=own, sku="LUMEN-1", quantity=1, actor=customer_actor(customer))
    guest_cart = services.cart_create(actor=GUEST)
    services.cart_line_add(cart=guest_cart, sku="LUMEN-1", quantity=2, actor=GUEST)
    services.cart_line_add(
        cart=guest_cart, sku="ARIA-240", quantity=1, options={"fabric": "linen"}, actor=GUEST
    )

    merged = services.cart_merge_on_login(token=guest_cart.token, user=customer)

    own.refresh_from_db()
    assert merged.pk == guest_cart.pk
    assert merged.user_id == customer.pk
    assert own.status == CartStatus.MERGED
    assert sorted((line.variant.sku, line.quantity) for line in merged.lines.all()) == [
        ("ARIA-240", 1),
        ("LUMEN-1", 3),
    ]


def test_signing_in_ignores_another_customers_cart(world):
    first = make_user(Role.CUSTOMER, "first@example.com")
    second = make_user(Role.CUSTOMER, "second@example.com")
    cart = services.cart_create(actor=customer_actor(first))
    assert services.cart_merge_on_login(token=cart.token, user=second) is None
    cart.refresh_from_db()
    assert cart.user_id == first.pk


def test_the_login_signal_receiver_merges_the_cookie_cart(world, client):
    customer = make_user(Role.CUSTOMER, "sig@example.com")
    cart = services.cart_create(actor=GUEST)
    client.cookies["atelier_cart"] = cart.token
    from allauth.account.signals import user_logged_in
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.COOKIES["atelier_cart"] = cart.token
    user_logged_in.send(sender=type(customer), request=request, user=customer)
    cart.refresh_from_db()
    assert cart.user_id == customer.pk


def test_a_customers_cart_follows_the_region_asked_for(world):
    customer = make_user(Role.CUSTOMER, "traveller@example.com")
    buyer = customer_actor(customer)
    cart = services.cart_create(actor=buyer, region_code="eu")
    services.cart_line_add(cart=cart, sku="LUMEN-1", quantity=1, actor=buyer)
    again = services.cart_create(actor=buyer, region_code="us")
    assert again.pk == cart.pk
    assert (again.region_code, again.currency) == ("us", "USD")
    assert selectors.cart_detail(again).priced.summary()["subtotal"] == "500.00"
    assert services.cart_create(actor=buyer).region_code == "us"
