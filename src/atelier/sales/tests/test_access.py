"""Who sees which orders (role x row), and "not yours" looks exactly like "not there"."""

import pytest

from atelier.core.actor import ANONYMOUS
from atelier.core.errors import NotFound, PermissionDenied
from atelier.core.roles import Role
from atelier.sales import access
from atelier.sales.tests.helpers import actor, order_row

pytestmark = pytest.mark.django_db
ALL = {"paris", "new_york", "online_eu", "online_us"}


@pytest.fixture
def rows(world, django_user_model):
    buyer = django_user_model.objects.create_user(email="buyer@example.com", password="x" * 12)
    return {
        "paris": order_row(channel="boutiques", boutique=world.paris),
        "new_york": order_row(channel="boutiques", boutique=world.new_york, region_code="us"),
        "online_eu": order_row(customer=buyer),
        "online_us": order_row(region_code="us", currency="USD"),
        "buyer": buyer,
    }


def _actors(world, rows):
    return {
        "sales representative (Paris)": actor(
            Role.SALES_REPRESENTATIVE, boutiques=[world.paris.pk]
        ),
        "store manager (New York)": actor(Role.STORE_MANAGER, boutiques=[world.new_york.pk]),
        "sales director (EU)": actor(Role.SALES_DIRECTOR, regions=[world.eu.pk]),
        "sales representative without boutique": actor(Role.SALES_REPRESENTATIVE),
        "customer service": actor(Role.CUSTOMER_SERVICE_MANAGER),
        "e-commerce": actor(Role.ECOMMERCE_MANAGER),
        "accounting": actor(Role.ACCOUNTING_MANAGER),
        "production": actor(Role.PRODUCTION_MANAGER),
        "designer": actor(Role.DESIGNER),
        "admin": actor(Role.ADMIN),
        "customer (owner)": actor(Role.CUSTOMER, user_id=rows["buyer"].pk),
        "customer (other)": actor(Role.CUSTOMER, user_id=rows["buyer"].pk + 1000),
        "manufacturer": actor(Role.MANUFACTURER),
        "quality controller": actor(Role.QUALITY_CONTROLLER),
        "guest": ANONYMOUS,
    }


EXPECTED = {
    "sales representative (Paris)": {"paris"},
    "store manager (New York)": {"new_york"},
    "sales director (EU)": {"paris", "online_eu"},
    "sales representative without boutique": set(),
    "customer service": ALL,
    "e-commerce": ALL,
    "accounting": ALL,
    "production": ALL,
    "designer": ALL,
    "admin": ALL,
    "customer (owner)": {"online_eu"},
    "customer (other)": set(),
    "manufacturer": set(),
    "quality controller": set(),
    "guest": set(),
}


@pytest.mark.parametrize("who", list(EXPECTED))
def test_each_role_sees_exactly_its_orders(world, rows, who):
    seen = set(access.orders_visible_to(_actors(world, rows)[who]).values_list("number", flat=True))
    names = {name for name in ALL if rows[name].number in seen}
    assert names == EXPECTED[who]
    for name in ALL - EXPECTED[who]:
        with pytest.raises(NotFound) as outside:
            access.get_order_for(_actors(world, rows)[who], rows[name].number)
        with pytest.raises(NotFound) as missing:
            access.get_order_for(_actors(world, rows)[who], "SO-1999-999999")
        assert outside.value.message == missing.value.message


def test_seeing_is_not_managing(world, rows):
    accounting = actor(Role.ACCOUNTING_MANAGER)
    assert access.get_order_for(accounting, rows["paris"].number).pk == rows["paris"].pk
    with pytest.raises(PermissionDenied):
        access.get_order_for(accounting, rows["paris"].number, action="manage")
    owner = actor(Role.CUSTOMER, user_id=rows["buyer"].pk)
    with pytest.raises(PermissionDenied):
        access.get_order_for(owner, rows["online_eu"].number, action="manage")


def test_boutiques_for_quotations_follow_the_scope(world):
    rep = actor(Role.SALES_REPRESENTATIVE, boutiques=[world.paris.pk])
    director = actor(Role.SALES_DIRECTOR, regions=[world.us.pk])
    assert list(access.boutiques_for_quotations(rep)) == [world.paris]
    assert list(access.boutiques_for_quotations(director)) == [world.new_york]
    assert not access.boutiques_for_quotations(actor(Role.ACCOUNTING_MANAGER)).exists()
