import pytest

from atelier.core.actor import Actor, system_actor
from atelier.core.errors import PermissionDenied, ValidationFailed
from atelier.customers.models import CustomerGroup
from atelier.customers.services import customer_group_add_members, customer_group_upsert
from atelier.customers.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
SYSTEM = system_actor("test")


def test_upsert_creates_then_changes_nothing():
    group, created = customer_group_upsert(slug="circle", name="Collectors' circle", actor=SYSTEM)
    again, created_again = customer_group_upsert(
        slug="circle", name="Collectors' circle", actor=SYSTEM
    )

    assert (created, created_again) == (True, False)
    assert again.pk == group.pk
    assert group.history.count() == 1


def test_upsert_renames():
    customer_group_upsert(slug="circle", name="Circle", actor=SYSTEM)

    group, created = customer_group_upsert(slug="circle", name="Inner circle", actor=SYSTEM)

    assert not created
    assert CustomerGroup.objects.get(slug="circle").name == "Inner circle"
    assert group.history.count() == 2


def test_members_are_added_once():
    group, _ = customer_group_upsert(slug="circle", name="Circle", actor=SYSTEM)
    a, b = UserFactory(), UserFactory()

    assert customer_group_add_members(group=group, users=[a], actor=SYSTEM) == 1
    assert customer_group_add_members(group=group, users=[a, b], actor=SYSTEM) == 1
    assert set(group.members.all()) == {a, b}


def test_only_customers_join():
    group, _ = customer_group_upsert(slug="circle", name="Circle", actor=SYSTEM)

    with pytest.raises(ValidationFailed):
        customer_group_add_members(group=group, users=[UserFactory(kind="staff")], actor=SYSTEM)


def test_needs_manage_customers():
    nobody = Actor(user_id=None, label="guest")

    with pytest.raises(PermissionDenied):
        customer_group_upsert(slug="circle", name="Circle", actor=nobody)
    assert not CustomerGroup.objects.exists()


def test_bad_slug_is_refused():
    with pytest.raises(ValidationFailed):
        customer_group_upsert(slug="not a slug", name="Circle", actor=SYSTEM)
