"""Who sees which purchase order, and what they may do to it: role x row."""

from __future__ import annotations

import pytest

from atelier.core.errors import NotFound, PermissionDenied
from atelier.core.roles import Role
from atelier.purchasing import selectors, services
from atelier.purchasing.access import get_purchase_order_for, purchase_orders_visible_to
from atelier.purchasing.models import PurchaseOrder, PurchaseOrderFile, PurchaseOrderMessage
from atelier.purchasing.tests.helpers import actor, counts, pdf, raise_for, released

pytestmark = pytest.mark.django_db

STAFF_VIEWERS = [
    Role.PRODUCTION_MANAGER,
    Role.QUALITY_CONTROLLER,
    Role.ACCOUNTING_MANAGER,
    Role.ADMIN,
]
BLIND = [
    Role.CUSTOMER,
    Role.SALES_REPRESENTATIVE,
    Role.STORE_MANAGER,
    Role.ECOMMERCE_MANAGER,
    Role.DESIGNER,
    Role.GUEST,
]


@pytest.fixture
def two(world):
    """A released PO of A and a draft of A, and a released PO of B."""
    a_released = released(world, order_ref="SO-1")
    (a_draft,) = raise_for(world, order_ref="SO-2")
    b_released = released(world, world.need("L1", variant=world.chair_b), order_ref="SO-3")
    return a_released, a_draft, b_released


@pytest.mark.parametrize("role", STAFF_VIEWERS)
def test_staff_viewers_see_every_po(world, two, role):
    seen = set(purchase_orders_visible_to(actor(role)).values_list("number", flat=True))
    assert seen == set(two)


@pytest.mark.parametrize("role", BLIND)
def test_other_roles_see_none(world, two, role):
    assert not purchase_orders_visible_to(actor(role)).exists()
    with pytest.raises(NotFound):
        get_purchase_order_for(actor(role), two[0])


def test_a_workshop_sees_only_its_released_pos(world, two):
    a_released, a_draft, b_released = two
    assert list(purchase_orders_visible_to(world.workshop_a).values_list("number", flat=True)) == [
        a_released
    ]
    assert list(purchase_orders_visible_to(world.workshop_b).values_list("number", flat=True)) == [
        b_released
    ]
    for number in (a_draft, b_released):
        with pytest.raises(NotFound):
            selectors.purchase_order_detail(world.workshop_a, number)


def test_workshop_b_can_never_touch_a_po_of_a(world, two):
    a_released = two[0]
    file_id = PurchaseOrderFile.objects.filter(purchase_order__number=a_released).first().pk
    before = counts()
    attempts = [
        lambda: services.purchase_order_message_post(
            number=a_released, body="hi", actor=world.workshop_b
        ),
        lambda: services.purchase_order_file_add(
            number=a_released, kind="photo", title="x", file=pdf(), actor=world.workshop_b
        ),
        lambda: services.purchase_order_accept(number=a_released, actor=world.workshop_b),
        lambda: services.purchase_order_decline(
            number=a_released, reason="x", actor=world.workshop_b
        ),
        lambda: services.purchase_revision_accept(
            number=a_released, change_ref="CR", actor=world.workshop_b
        ),
        lambda: selectors.purchase_order_file_for(world.workshop_b, a_released, file_id),
    ]
    for attempt in attempts:
        with pytest.raises(NotFound):
            attempt()
    assert counts() == before


def test_a_workshop_may_not_release_edit_or_reassign(world, two):
    a_released = two[0]
    for action in ("release", "edit", "reassign"):
        with pytest.raises(PermissionDenied):
            get_purchase_order_for(world.workshop_a, a_released, action=action)
    with pytest.raises(PermissionDenied):
        services.purchase_order_cancel(number=a_released, reason="x", actor=world.workshop_a)


def test_quality_controller_sees_but_cannot_change(world, two):
    qc = actor(Role.QUALITY_CONTROLLER)
    assert get_purchase_order_for(qc, two[1]).number == two[1]
    for action in ("release", "edit", "reassign", "respond"):
        with pytest.raises(PermissionDenied):
            get_purchase_order_for(qc, two[1], action=action)


def test_the_workshop_sees_the_delivery_address_only_when_it_ships(world):
    number = released(world)
    assert selectors.purchase_order_detail(world.workshop_a, number).show_delivery_address is False
    assert selectors.purchase_order_detail(world.manager, number).show_delivery_address is True
    PurchaseOrder.objects.filter(number=number).update(delivery_address="1 rue X, Paris")
    assert selectors.purchase_order_detail(world.workshop_a, number).po.delivery_address == ""
    PurchaseOrder.objects.filter(number=number).update(ship_from_workshop=True)
    detail = selectors.purchase_order_detail(world.workshop_a, number)
    assert detail.po.delivery_address == "1 rue X, Paris"


def test_workshop_messages_are_visible_to_staff(world, two):
    services.purchase_order_message_post(number=two[0], body="Wood arrived", actor=world.workshop_a)
    detail = selectors.purchase_order_detail(world.manager, two[0])
    assert [m.body for m in detail.messages] == ["Wood arrived"]
    assert PurchaseOrderMessage.objects.count() == 1


def test_detail_queries_do_not_grow_with_rows(world, django_assert_max_num_queries):
    number = released(world, *(world.need(f"L{i}") for i in range(1, 4)))
    for i in range(3):
        services.purchase_order_message_post(number=number, body=f"m{i}", actor=world.workshop_a)
    with django_assert_max_num_queries(14):
        selectors.purchase_order_detail(world.workshop_a, number)


def test_list_queries_do_not_grow_with_rows(world, django_assert_max_num_queries):
    for i in range(30):
        raise_for(world, order_ref=f"SO-{i}")
    with django_assert_max_num_queries(3):
        page = selectors.purchase_orders_for(world.manager, q="SO-", sort="value")
        assert len([po.manufacturer.name for po in page]) == 25


def test_manufacturer_profile_shows_contacts_and_products_to_the_right_people(world):
    from atelier.purchasing.services import manufacturer_contact_add

    manufacturer_contact_add(
        manufacturer_id=world.a.pk, name="Paolo", email="p@a.example", actor=world.manager
    )
    profile = selectors.manufacturer_profile(world.workshop_a, world.a.pk)
    assert [c.name for c in profile.contacts] == ["Paolo"]
    assert {name for _, name, _, _ in profile.products} >= {"Bespoke sofa"}
    assert selectors.manufacturer_profile(world.manager, world.b.pk).manufacturer == world.b
    for who in (world.workshop_b, actor(Role.DESIGNER)):
        with pytest.raises(NotFound):
            selectors.manufacturer_profile(who, world.a.pk)


def test_contacts_need_production_rights_and_a_valid_email(world):
    from atelier.core.errors import ValidationFailed
    from atelier.purchasing.services import manufacturer_contact_add

    with pytest.raises(PermissionDenied):
        manufacturer_contact_add(manufacturer_id=world.a.pk, name="X", actor=actor(Role.DESIGNER))
    with pytest.raises(NotFound):  # another workshop's contacts look like missing ones
        manufacturer_contact_add(manufacturer_id=world.a.pk, name="X", actor=world.workshop_b)
    with pytest.raises(ValidationFailed, match="e-mail"):
        manufacturer_contact_add(
            manufacturer_id=world.a.pk, name="X", email="nope", actor=world.manager
        )
    assert counts()["ManufacturerContact"] == 0


def test_a_workshop_edits_its_own_contacts_and_profile_only(world):
    from atelier.core.errors import ValidationFailed
    from atelier.purchasing.services import (
        manufacturer_contact_add,
        manufacturer_contact_remove,
        manufacturer_profile_update,
    )

    contact = manufacturer_contact_add(
        manufacturer_id=world.a.pk, name="Gianni", actor=world.workshop_a
    )
    with pytest.raises(NotFound):
        manufacturer_contact_remove(contact_id=contact.pk, actor=world.workshop_b)
    assert counts()["ManufacturerContact"] == 1
    manufacturer_profile_update(
        manufacturer_id=world.a.pk, city="Cantù", lead_time_days=30, actor=world.workshop_a
    )
    world.a.refresh_from_db()
    assert (world.a.city, world.a.lead_time_days) == ("Cantù", 30)
    with pytest.raises(NotFound):
        manufacturer_profile_update(manufacturer_id=world.a.pk, city="X", actor=world.workshop_b)
    with pytest.raises(ValidationFailed):
        manufacturer_profile_update(
            manufacturer_id=world.a.pk, lead_time_days=0, actor=world.workshop_a
        )
    with pytest.raises(ValidationFailed):
        manufacturer_profile_update(manufacturer_id=world.a.pk, name="X", actor=world.workshop_a)
    world.a.refresh_from_db()
    assert (world.a.city, world.a.lead_time_days, world.a.name) == ("Cantù", 30, "Atelier A")
    manufacturer_contact_remove(contact_id=contact.pk, actor=world.workshop_a)
    assert counts()["ManufacturerContact"] == 0
