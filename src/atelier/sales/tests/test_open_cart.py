"""A signed-in customer's open cart is found without the cookie (another device)."""

import pytest

from atelier.accounts.actors import actor_for
from atelier.accounts.tests.factories import make_user
from atelier.core.roles import Role
from atelier.sales import access, services
from atelier.sales.tests.helpers import GUEST

pytestmark = pytest.mark.django_db


def test_a_customers_open_cart_is_theirs_only(world):
    ana = actor_for(make_user(Role.CUSTOMER, "ana@example.com"))
    ben = actor_for(make_user(Role.CUSTOMER, "ben@example.com"))
    cart = services.cart_create(actor=ana, region_code="eu")
    services.cart_create(actor=GUEST, region_code="eu")

    assert access.open_cart_of(ana) == cart
    assert access.open_cart_of(ben) is None
    assert access.open_cart_of(GUEST) is None
