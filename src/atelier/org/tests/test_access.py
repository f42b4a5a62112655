"""Role x row: each role sees exactly the boutiques docs/roles.md says, and no more.

org sits below accounts, so these tests build the Actor as `accounts.actors.actor_for`
would; `accounts/tests/test_boutique_scope.py` runs the same table with real users.
"""

import pytest

from atelier.core.actor import ANONYMOUS, Actor, system_actor
from atelier.core.errors import NotFound, PermissionDenied
from atelier.core.roles import Role
from atelier.org.access import boutiques_manageable_by, boutiques_visible_to, get_boutique_for
from atelier.org.models import Boutique, Manufacturer, Region

pytestmark = pytest.mark.django_db

ALL = {"paris", "milan", "london"}
# Sales rep in Paris, store manager in Milan, sales director of the EU region (Paris, Milan).
EXPECTED = {
    Role.GUEST: set(),
    Role.CUSTOMER: set(),
    Role.MANUFACTURER: set(),
    Role.PRODUCTION_MANAGER: ALL,
    Role.SALES_REPRESENTATIVE: {"paris"},
    Role.SALES_DIRECTOR: {"paris", "milan"},
    Role.STORE_MANAGER: {"milan"},
    Role.ECOMMERCE_MANAGER: ALL,
    Role.QUALITY_CONTROLLER: ALL,
    Role.CUSTOMER_SERVICE_MANAGER: ALL,
    Role.DESIGNER: ALL,
    Role.ACCOUNTING_MANAGER: ALL,
    Role.ADMIN: ALL,
    Role.SUPER_ADMIN: ALL,
}
MANAGEABLE = {Role.STORE_MANAGER: {"milan"}, Role.ADMIN: ALL, Role.SUPER_ADMIN: ALL}


@pytest.fixture
def world():
    eu = Region.objects.create(code="eu", name="EU", currency="EUR")
    uk = Region.objects.create(code="uk", name="UK", currency="GBP")
    boutiques = {
        code: Boutique.objects.create(
            code=code, name=code.title(), region=region, city=code.title(), country="FR"
        )
        for code, region in (("paris", eu), ("milan", eu), ("london", uk))
    }
    bottega = Manufacturer.objects.create(code="bottega", name="Bottega", country="IT")
    return {"eu": eu, "uk": uk, **boutiques, "bottega": bottega}


def actor_of(role: Role, world) -> Actor:
    """The Actor of a user holding `role` (sales rep in Paris, store manager in Milan,
    sales director of the EU region, contact of the Bottega workshop)."""
    if role == Role.GUEST:
        return ANONYMOUS
    scope = {
        Role.SALES_REPRESENTATIVE: {"boutique_ids": frozenset({world["paris"].pk})},
        Role.STORE_MANAGER: {"boutique_ids": frozenset({world["milan"].pk})},
        Role.SALES_DIRECTOR: {"region_ids": frozenset({world["eu"].pk})},
        Role.MANUFACTURER: {"manufacturer_id": world["bottega"].pk},
    }.get(role, {})
    return Actor(
        user_id=1,
        label=role.label,
        roles=frozenset({role.value}),
        is_superuser=role == Role.SUPER_ADMIN,
        **scope,
    )


def codes(queryset) -> set[str]:
    return set(queryset.values_list("code", flat=True))


@pytest.mark.parametrize("role", list(Role))
def test_each_role_sees_exactly_its_boutiques(world, role):
    actor = actor_of(role, world)

    assert codes(boutiques_visible_to(actor)) == EXPECTED[role]


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("code", sorted(ALL))
def test_get_boutique_for_returns_in_scope_and_hides_out_of_scope(world, role, code):
    actor = actor_of(role, world)

    if code in EXPECTED[role]:
        assert get_boutique_for(actor, code).code == code
    else:
        with pytest.raises(NotFound) as exc:
            get_boutique_for(actor, code)
        assert (exc.value.message, exc.value.status) == ("Boutique not found.", 404)


@pytest.mark.parametrize("role", list(Role))
def test_a_missing_boutique_looks_like_an_out_of_scope_one(world, role):
    with pytest.raises(NotFound) as exc:
        get_boutique_for(actor_of(role, world), "atlantis")
    assert (exc.value.message, exc.value.code) == ("Boutique not found.", "not_found")


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("code", sorted(ALL))
def test_manage_action_narrows_the_visible_rows(world, role, code):
    actor = actor_of(role, world)
    manageable = MANAGEABLE.get(role, set())
    assert codes(boutiques_manageable_by(actor)) == manageable

    if code in manageable:
        assert get_boutique_for(actor, code, action="manage").code == code
    elif code in EXPECTED[role]:
        with pytest.raises(PermissionDenied) as exc:
            get_boutique_for(actor, code, action="manage")
        assert exc.value.message == "You may not manage this boutique."
    else:
        with pytest.raises(NotFound):
            get_boutique_for(actor, code, action="manage")


def test_an_unknown_action_is_a_programming_error(world):
    with pytest.raises(ValueError, match="Unknown action 'delete'"):
        get_boutique_for(system_actor(), "paris", action="delete")


def test_several_roles_see_the_union(world):
    actor = Actor(
        user_id=1,
        label="store manager in London, director of the EU",
        roles=frozenset({"store_manager", "sales_director"}),
        boutique_ids=frozenset({world["london"].pk}),
        region_ids=frozenset({world["eu"].pk}),
    )

    assert codes(boutiques_visible_to(actor)) == ALL


@pytest.mark.parametrize(
    "actor",
    [
        Actor(user_id=1, label="rep without boutique", roles=frozenset({"sales_representative"})),
        Actor(user_id=1, label="director without region", roles=frozenset({"sales_director"})),
        Actor(user_id=1, label="boutiques but no role", boutique_ids=frozenset({1, 2, 3})),
        Actor(user_id=1, label="unknown role", roles=frozenset({"night_watchman"})),
        Actor(
            user_id=1,
            label="backoffice perm only",
            permissions=frozenset({"accounts.access_backoffice"}),
        ),
    ],
    ids=lambda a: a.label,
)
def test_anything_not_covered_sees_nothing(world, actor):
    assert codes(boutiques_visible_to(actor)) == set()


def test_an_inactive_user_sees_nothing(world):
    # actor_for gives an inactive user no roles and no scope
    assert codes(boutiques_visible_to(Actor(user_id=1, label="left the company"))) == set()


def test_system_and_superuser_see_everything(world):
    assert codes(boutiques_visible_to(system_actor())) == ALL
    assert codes(boutiques_visible_to(Actor(user_id=9, label="root", is_superuser=True))) == ALL
