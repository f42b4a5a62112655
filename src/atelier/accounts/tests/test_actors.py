import pytest
from django.contrib.auth.models import AnonymousUser, Permission
from django.test import RequestFactory

from atelier.accounts.actors import actor_for, actor_for_task
from atelier.accounts.middleware import ActorMiddleware
from atelier.accounts.models import User
from atelier.accounts.roles import ROLE_CAPABILITIES
from atelier.accounts.tests.factories import (
    make_boutique,
    make_manufacturer,
    make_region,
    make_user,
)
from atelier.core.actor import ANONYMOUS, Actor
from atelier.core.roles import Role

pytestmark = pytest.mark.django_db


def perms(role: Role) -> frozenset[str]:
    return frozenset(cap.perm for cap in ROLE_CAPABILITIES[role])


@pytest.fixture
def eu():
    return make_region("eu")


def test_anonymous_is_the_guest_actor(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert actor_for(AnonymousUser()) is ANONYMOUS
        assert actor_for(None) is ANONYMOUS
    assert ANONYMOUS.roles == {"guest"}
    assert not ANONYMOUS.has_perm("accounts.access_backoffice")


def test_store_manager_actor_carries_roles_permissions_and_boutiques(eu):
    paris, milan = make_boutique("paris", eu), make_boutique("milan", eu)
    user = make_user(Role.STORE_MANAGER, "anna@atelier.test", boutiques=[paris, milan])
    user.first_name, user.last_name = "Anna", "Rossi"
    user.save()

    actor = actor_for(User.objects.get(pk=user.pk))

    assert actor == Actor(
        user_id=user.pk,
        label="Anna Rossi",
        roles=frozenset({"store_manager"}),
        permissions=perms(Role.STORE_MANAGER),
        manufacturer_id=None,
        boutique_ids=frozenset({paris.pk, milan.pk}),
        region_ids=frozenset(),
    )
    assert actor.has_perm("accounts.manage_stock")
    assert not actor.has_perm("accounts.manage_users")


def test_sales_director_actor_carries_regions(eu):
    uk = make_region("uk", "GBP")
    user = make_user(Role.SALES_DIRECTOR, regions=[eu, uk])

    actor = actor_for(User.objects.get(pk=user.pk))

    assert actor.region_ids == {eu.pk, uk.pk}
    assert actor.boutique_ids == frozenset()
    assert actor.roles == {"sales_director"}


def test_manufacturer_and_customer_actors():
    workshop = make_manufacturer("bottega")
    contact = actor_for(make_user(Role.MANUFACTURER, manufacturer=workshop))
    customer = actor_for(make_user(Role.CUSTOMER, "carla@example.com"))

    assert (contact.roles, contact.permissions, contact.manufacturer_id) == (
        {"manufacturer"},
        perms(Role.MANUFACTURER),
        workshop.pk,
    )
    assert (customer.roles, customer.permissions, customer.manufacturer_id) == (
        {"customer"},
        frozenset({"accounts.shop"}),
        None,
    )


def test_direct_user_permissions_and_several_roles_are_added_up(eu):
    paris = make_boutique("paris", eu)
    user = make_user(Role.SALES_REPRESENTATIVE, boutiques=[paris])
    user.groups.add(*User.groups.field.related_model.objects.filter(name="designer"))
    user.user_permissions.add(Permission.objects.get(codename="view_accounting"))

    actor = actor_for(User.objects.get(pk=user.pk))

    assert actor.roles == {"sales_representative", "designer"}
    assert actor.permissions == (
        perms(Role.SALES_REPRESENTATIVE) | perms(Role.DESIGNER) | {"accounts.view_accounting"}
    )


def test_inactive_user_has_no_roles_permissions_or_scope(eu):
    user = make_user(Role.STORE_MANAGER, boutiques=[make_boutique("paris", eu)])
    user.is_active = False
    user.save()

    actor = actor_for(User.objects.get(pk=user.pk))

    assert (actor.roles, actor.permissions, actor.boutique_ids) == (
        frozenset(),
        frozenset(),
        frozenset(),
    )


def test_super_admin_may_do_everything():
    actor = actor_for(make_user(Role.SUPER_ADMIN))
    assert actor.is_superuser
    assert actor.has_perm("accounts.manage_settings")
    assert actor.has_perm("anything.at_all")


def test_actor_costs_three_queries_for_staff_two_for_customers_and_is_cached(
    eu, django_assert_num_queries
):
    staff = User.objects.get(
        pk=make_user(Role.STORE_MANAGER, boutiques=[make_boutique("p", eu)]).pk
    )
    customer = User.objects.get(pk=make_user(Role.CUSTOMER, "c@example.com").pk)

    with django_assert_num_queries(3):
        first = actor_for(staff)
    with django_assert_num_queries(2):
        actor_for(customer)
    with django_assert_num_queries(0):
        assert actor_for(staff) is first


def test_middleware_builds_the_actor_lazily_once_per_request(eu, django_assert_num_queries):
    user = User.objects.get(pk=make_user(Role.SALES_DIRECTOR, regions=[eu]).pk)
    request = RequestFactory().get("/")
    request.user = user
    seen = []

    def view(req):
        with django_assert_num_queries(3):
            seen.append(req.actor.roles)
            seen.append(req.actor.region_ids)
            seen.append(req.actor.has_perm("accounts.view_dashboards"))
        return "response"

    with django_assert_num_queries(3):
        assert ActorMiddleware(view)(request) == "response"
    assert seen == [frozenset({"sales_director"}), frozenset({eu.pk}), True]


def test_actor_for_task(django_assert_num_queries):
    user = make_user(Role.ACCOUNTING_MANAGER)

    system = actor_for_task(None, label="nightly settlement")
    assert (system.is_system, system.label, system.user_id) == (True, "nightly settlement", None)
    assert actor_for_task(user.pk) == actor_for(User.objects.get(pk=user.pk))

    gone = actor_for_task(user.pk + 1000)
    assert (gone.user_id, gone.permissions, gone.is_system) == (None, frozenset(), False)
    assert not gone.is_authenticated
