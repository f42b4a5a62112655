"""The documented scopes (ROLE_SCOPE, docs/roles.md) hold for real users and boutiques.

Users are made by the accounts services and their Actor by `actor_for`, as in a request;
the boutique gate is `org.access` (its own role x row tests are in org/tests).
"""

import pytest

from atelier.accounts.actors import actor_for
from atelier.accounts.models import User
from atelier.accounts.roles import ROLE_SCOPE, Scope
from atelier.accounts.tests.factories import (
    make_boutique,
    make_manufacturer,
    make_region,
    make_user,
)
from atelier.core.actor import ANONYMOUS
from atelier.core.errors import NotFound
from atelier.core.roles import Role
from atelier.org.access import boutiques_visible_to, get_boutique_for

pytestmark = pytest.mark.django_db

ALL = {"paris", "milan", "london"}
BY_SCOPE = {
    Scope.PUBLIC: set(),
    Scope.OWN: set(),
    Scope.MANUFACTURER: set(),
    Scope.BOUTIQUE: {"milan"},  # the user's boutique
    Scope.REGION: {"paris", "milan"},  # the boutiques of the user's region (EU)
    Scope.ALL: ALL,
}


@pytest.fixture
def world():
    eu, uk = make_region("eu"), make_region("uk", "GBP")
    return {
        "eu": eu,
        "paris": make_boutique("paris", eu),
        "milan": make_boutique("milan", eu),
        "london": make_boutique("london", uk),
        "bottega": make_manufacturer("bottega"),
    }


def actor_of(role, world):
    if role == Role.GUEST:
        return ANONYMOUS
    scope = {
        Scope.BOUTIQUE: {"boutiques": [world["milan"]]},
        Scope.REGION: {"regions": [world["eu"]]},
        Scope.MANUFACTURER: {"manufacturer": world["bottega"]},
    }.get(ROLE_SCOPE[role], {})
    return actor_for(User.objects.get(pk=make_user(role, **scope).pk))


@pytest.mark.parametrize("role", list(Role))
def test_each_role_sees_the_boutiques_of_its_documented_scope(world, role):
    actor = actor_of(role, world)
    expected = BY_SCOPE[ROLE_SCOPE[role]]

    assert set(boutiques_visible_to(actor).values_list("code", flat=True)) == expected
    for code in ALL - expected:
        with pytest.raises(NotFound):
            get_boutique_for(actor, code)
