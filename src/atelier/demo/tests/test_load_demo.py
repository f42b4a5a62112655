from collections import Counter

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core.management.base import CommandError

from atelier.accounts.models import User
from atelier.core.roles import Role
from atelier.demo import data
from atelier.demo.loader import ORGANISATION_STEPS, load_demo
from atelier.demo.tests.conftest import run
from atelier.org.models import Boutique, Manufacturer, Region, Warehouse

pytestmark = pytest.mark.django_db

MODELS = (Region, Boutique, Warehouse, Manufacturer, User, Group, EmailAddress)
HISTORY = (Region, Boutique, Warehouse, Manufacturer)


def snapshot() -> dict:
    counts = {m.__name__: m.objects.count() for m in MODELS}
    counts.update({f"history {m.__name__}": m.history.count() for m in HISTORY})
    counts["memberships"] = User.groups.through.objects.count()
    counts["boutique links"] = User.boutiques.through.objects.count()
    counts["region links"] = User.regions.through.objects.count()
    counts["passwords"] = sorted(User.objects.values_list("password", flat=True))
    return counts


def roles_of(user) -> list[str]:
    return [g.name for g in user.groups.all()]


def test_loads_the_company(demo):
    assert {r.code: r.currency for r in Region.objects.all()} == {
        "uk": "GBP",
        "eu": "EUR",
        "us": "USD",
        "ch": "CHF",
    }
    assert Region.objects.get(code="ch").boutiques.count() == 0
    assert {b.name: b.region.code for b in Boutique.objects.select_related("region")} == {
        "London": "uk",
        "Paris": "eu",
        "Milan": "eu",
        "New York": "us",
    }
    assert Boutique.objects.get(code="new-york").timezone == "America/New_York"
    assert list(Warehouse.objects.values_list("code", flat=True)) == ["central"]
    assert Manufacturer.objects.count() == 6
    assert all(m.lead_time_days and m.capabilities for m in Manufacturer.objects.all())


def test_loading_twice_changes_nothing(demo):
    before = snapshot()

    output = run("load_demo")

    assert snapshot() == before
    assert "(0 new)" in output
    assert " new)" not in output.replace("(0 new)", "")


def test_one_demo_user_per_role_and_scope(demo):
    users = list(
        User.objects.filter(is_demo=True).prefetch_related("groups", "boutiques", "regions")
    )
    by_role = Counter(role for u in users for role in roles_of(u))

    assert by_role == {
        Role.CUSTOMER: 3,
        Role.MANUFACTURER: 6,
        Role.SALES_REPRESENTATIVE: 4,
        Role.STORE_MANAGER: 4,
        Role.SALES_DIRECTOR: 3,
        **dict.fromkeys(
            (
                Role.PRODUCTION_MANAGER,
                Role.ECOMMERCE_MANAGER,
                Role.QUALITY_CONTROLLER,
                Role.CUSTOMER_SERVICE_MANAGER,
                Role.DESIGNER,
                Role.ACCOUNTING_MANAGER,
                Role.ADMIN,
                Role.SUPER_ADMIN,
            ),
            1,
        ),
    }
    assert Role.GUEST not in by_role
    assert all(len(roles_of(u)) == 1 for u in users)
    assert User.objects.filter(is_demo=False).count() == 0


@pytest.mark.parametrize("role", [Role.STORE_MANAGER, Role.SALES_REPRESENTATIVE])
def test_each_boutique_has_one_of_each_boutique_role(demo, role):
    for boutique in Boutique.objects.all():
        people = User.objects.filter(groups__name=role, boutiques=boutique)
        assert people.count() == 1, boutique
        assert people.get().email == f"{role.replace('_', '.')}.{boutique.code}@{data.EMAIL_DOMAIN}"


def test_one_sales_director_per_region_with_boutiques(demo):
    directed = Region.objects.filter(staff__groups__name=Role.SALES_DIRECTOR)
    assert sorted(directed.values_list("code", flat=True)) == ["eu", "uk", "us"]


def test_each_workshop_has_one_contact(demo):
    for manufacturer in Manufacturer.objects.all():
        contacts = User.objects.filter(manufacturer=manufacturer)
        assert contacts.count() == 1
        assert contacts.get().kind == "manufacturer"
        assert roles_of(contacts.get()) == [Role.MANUFACTURER]


def test_store_manager_milan_as_in_the_brief(demo):
    user = User.objects.get(email="store.manager.milan@demo.atelier.example")
    assert user.kind == "staff"
    assert [b.code for b in user.boutiques.all()] == ["milan"]
    assert not user.regions.exists()


def test_every_demo_user_signs_in_with_the_demo_password(demo, settings):
    users = User.objects.filter(is_demo=True)
    assert users.count() == 28
    for user in users:
        assert user.is_active, user.email
        assert user.check_password(settings.DEMO_PASSWORD), user.email
        assert EmailAddress.objects.filter(user=user, email=user.email, verified=True).exists()


def test_a_demo_store_manager_signs_in_to_the_back_office(demo, client, settings):
    response = client.post(
        "/backoffice/login/",
        {"login": "store.manager.london@demo.atelier.example", "password": settings.DEMO_PASSWORD},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/backoffice/"
    assert client.get("/backoffice/").status_code == 200


def test_a_demo_customer_signs_in_on_the_storefront(demo, client, settings):
    response = client.post(
        "/accounts/login/",
        {"login": "customer.charlotte@demo.atelier.example", "password": settings.DEMO_PASSWORD},
    )
    assert response.status_code == 302
    assert client.session.get("_auth_user_id")


def test_refuses_in_production_and_writes_nothing(db, settings):
    settings.PRODUCTION = True

    with pytest.raises(CommandError, match="production"):
        run("load_demo")

    assert User.objects.count() == 0
    assert Region.objects.count() == 0
    assert Boutique.objects.count() == 0


def test_a_failing_step_leaves_nothing_behind(db):
    def broken(ctx):
        raise RuntimeError("step failed")

    with pytest.raises(RuntimeError):
        load_demo(steps=[*ORGANISATION_STEPS, broken])

    assert User.objects.count() == 0
    assert Region.objects.count() == 0


def test_later_steps_see_what_earlier_steps_loaded(db):
    seen = {}

    def inspect(ctx):
        seen.update(boutiques=set(ctx.boutiques), users=len(ctx.users))

    load_demo(steps=[*ORGANISATION_STEPS, inspect])

    assert seen == {"boutiques": {"london", "paris", "milan", "new-york"}, "users": 28}
