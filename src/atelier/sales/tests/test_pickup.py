"""Click and collect: offered only with a boutique of the region that holds every piece,
free, the stock held in that boutique; a boutique without the stock is refused with
nothing written."""

import json
from decimal import Decimal

import pytest

from atelier.core.errors import ValidationFailed
from atelier.inventory import facade as inventory
from atelier.inventory.models import Location
from atelier.sales import selectors, services
from atelier.sales.shipping_methods import Destination
from atelier.sales.tests.helpers import ADDRESS_FR, GUEST, counts, stock

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def paris_stock(world):
    paris = Location.objects.get(boutique=world.paris)
    stock(world.lamp, paris, 2)
    return paris


def _cart(world, sku="LUMEN-1", quantity=1, **options):
    cart = services.cart_create(actor=GUEST, region_code="eu")
    services.cart_line_add(cart=cart, sku=sku, quantity=quantity, actor=GUEST, **options)
    return cart


def _checkout(cart, **fields):
    values = {
        "cart": cart,
        "email": "camille@example.com",
        "shipping_address": ADDRESS_FR,
        "shipping_method": "collect",
        "actor": GUEST,
        **fields,
    }
    return services.cart_checkout(**values)


def _codes(view):
    return [o.code for o in view.shipping_options], [b.code for b in view.pickup_options]


def test_collect_is_offered_with_the_boutiques_holding_every_piece(world, paris_stock):
    view = selectors.cart_detail(_cart(world, quantity=2), destination=Destination("FR"))
    methods, boutiques = _codes(view)
    assert "collect" in methods
    assert boutiques == ["paris"]
    collect = next(o for o in view.shipping_options if o.code == "collect")
    assert collect.price.amount == 0


def test_collect_is_not_offered_when_no_boutique_holds_enough(world, paris_stock):
    view = selectors.cart_detail(_cart(world, quantity=3), destination=Destination("FR"))
    assert _codes(view) == (["standard", "white_glove"], [])


def test_made_to_order_pieces_are_never_collected(world, paris_stock):
    cart = _cart(world)
    services.cart_line_add(
        cart=cart, sku="ARIA-240", quantity=1, options={"fabric": "linen"}, actor=GUEST
    )
    view = selectors.cart_detail(cart, destination=Destination("FR"))
    assert "collect" not in _codes(view)[0]


def test_checkout_for_collection_holds_the_stock_in_that_boutique(world, paris_stock):
    order = _checkout(_cart(world, quantity=2), pickup_boutique="paris").order
    assert order.pickup_boutique_id == world.paris.pk
    assert order.shipping_method == "collect"
    assert order.shipping_gross == 0
    assert order.total_gross == D("900.00")
    assert order.shipping_address is None  # nothing to ship
    assert order.billing_address.city == "Paris"
    held = inventory.reservation_for(order.number).held
    assert [(h.boutique_id, h.quantity) for h in held] == [(world.paris.pk, 2)]


WRONG_BOUTIQUE = "pickup_boutique"


@pytest.mark.parametrize(
    ("quantity", "fields", "message", "code"),
    [
        (1, {"pickup_boutique": "new-york"}, "from boutique 'new-york'", WRONG_BOUTIQUE),
        (1, {"pickup_boutique": "nowhere"}, "from boutique 'nowhere'", WRONG_BOUTIQUE),
        (1, {}, "Choose the boutique", WRONG_BOUTIQUE),
        (
            1,
            {"pickup_boutique": "paris", "shipping_method": "standard"},
            "goes with",
            WRONG_BOUTIQUE,
        ),
        (3, {"pickup_boutique": "paris"}, "'collect' is not offered", "shipping_method"),
    ],
)
def test_a_boutique_that_cannot_hand_over_the_pieces_is_refused(
    world, paris_stock, quantity, fields, message, code
):
    cart = _cart(world, quantity=quantity)
    before = counts()
    with pytest.raises(ValidationFailed) as refused:
        _checkout(cart, **fields)
    assert message in refused.value.message
    assert refused.value.code == code
    assert counts() == before
    assert inventory.pickup_boutiques_for([world.lamp.pk])[0].quantities == ((world.lamp.pk, 2),)


def test_the_api_lists_pickup_boutiques_and_checks_out_for_collection(world, paris_stock, client):
    token = client.post("/api/v1/carts", "{}", content_type="application/json").json()["token"]
    client.post(
        f"/api/v1/carts/{token}/lines",
        json.dumps({"sku": "LUMEN-1", "quantity": 1}),
        content_type="application/json",
    )
    cart = client.get(f"/api/v1/carts/{token}?country=FR").json()
    assert cart["pickup_boutiques"] == [{"code": "paris", "name": "Paris", "city": "Paris"}]
    body = {
        "email": "camille@example.com",
        "shipping_address": ADDRESS_FR,
        "shipping_method": "collect",
        "pickup_boutique": "paris",
    }
    response = client.post(
        f"/api/v1/carts/{token}/checkout", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 201, response.content
    placed = response.json()
    assert placed["totals"]["shipping"] == "0.00"
    order = client.get(
        f"/api/v1/orders/{placed['order_number']}",
        headers={"X-Order-Token": placed["access_token"]},
    ).json()
    assert order["pickup_boutique"] == {"code": "paris", "name": "Paris", "city": "Paris"}
    assert order["shipping_address"] is None
