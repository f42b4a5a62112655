"""Who sees which shipments: all for production, customer service and admins; a store
manager their boutiques' shipments; everyone else nothing. Not yours looks missing."""

from __future__ import annotations

import pytest

from atelier.accounts.tests.factories import make_boutique, make_region
from atelier.core.errors import NotFound, PermissionDenied
from atelier.core.roles import Role
from atelier.shipping import access
from atelier.shipping.models import Shipment
from atelier.shipping.tests.helpers import actor

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows():
    region = make_region("eu")
    paris, milan = make_boutique("paris", region), make_boutique("milan", region)
    made = {}
    for n, (name, boutique) in enumerate(
        (("online", None), ("paris", paris.pk), ("milan", milan.pk)), start=1
    ):
        made[name] = Shipment.objects.create(
            number=f"SH-2026-{n:06d}", order_ref=f"SO-2026-{n:06d}", kind="parcel",
            currency="EUR", boutique_id=boutique,
        )  # fmt: skip
    return paris, made


ALL = {"online", "paris", "milan"}


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (Role.PRODUCTION_MANAGER, ALL),
        (Role.CUSTOMER_SERVICE_MANAGER, ALL),
        (Role.ADMIN, ALL),
        (Role.SUPER_ADMIN, ALL),
        (Role.STORE_MANAGER, {"paris"}),
        (Role.SALES_REPRESENTATIVE, set()),
        (Role.SALES_DIRECTOR, set()),
        (Role.ECOMMERCE_MANAGER, set()),
        (Role.QUALITY_CONTROLLER, set()),
        (Role.DESIGNER, set()),
        (Role.ACCOUNTING_MANAGER, set()),
        (Role.MANUFACTURER, set()),
        (Role.CUSTOMER, set()),
        (Role.GUEST, set()),
    ],
)
def test_each_role_sees_exactly_its_shipments(rows, role, expected):
    paris, made = rows
    who = actor(role, boutiques=(paris.pk,), user_id=1)
    numbers = {made[name].number for name in expected}

    assert set(access.shipments_visible_to(who).values_list("number", flat=True)) == numbers


def test_out_of_scope_looks_like_missing(rows):
    paris, made = rows
    manager = actor(Role.STORE_MANAGER, boutiques=(paris.pk,))

    with pytest.raises(NotFound) as other:
        access.get_shipment_for(manager, made["milan"].number)
    with pytest.raises(NotFound) as missing:
        access.get_shipment_for(manager, "SH-2026-999999")
    assert other.value.message == missing.value.message
    assert access.get_shipment_for(manager, made["paris"].number, action="manage")


def test_a_store_manager_without_boutiques_sees_nothing(rows):
    assert not access.shipments_visible_to(actor(Role.STORE_MANAGER)).exists()


def test_seeing_is_not_managing(rows):
    _, made = rows
    from atelier.core.actor import Actor

    viewer = Actor(user_id=1, label="x", roles=frozenset({Role.ADMIN.value}))
    with pytest.raises(PermissionDenied):
        access.get_shipment_for(viewer, made["online"].number, action="manage")
