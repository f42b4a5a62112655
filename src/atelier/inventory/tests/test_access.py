"""Role x row: which locations (and the rows hanging off them) each role sees and moves."""

import pytest

from atelier.accounts.actors import actor_for
from atelier.accounts.tests.factories import make_user
from atelier.core.actor import ANONYMOUS
from atelier.core.errors import NotFound, PermissionDenied
from atelier.core.roles import Role
from atelier.inventory import access, facade, services
from atelier.inventory.tests.helpers import SYSTEM, stock

pytestmark = pytest.mark.django_db

EVERYTHING = {
    "wh-central",
    "bq-paris",
    "bq-milan",
    "bq-london",
    "transit",
    "manufacturers",
    "customers",
    "scrap",
    "adjustments",
}
STOCK_SITES = {"wh-central", "bq-paris", "bq-milan", "bq-london"}

# role, scope given to the user, locations seen, locations managed
CASES = [
    (Role.PRODUCTION_MANAGER, {}, EVERYTHING, STOCK_SITES),
    (Role.ADMIN, {}, EVERYTHING, STOCK_SITES),
    (Role.SUPER_ADMIN, {}, EVERYTHING, STOCK_SITES),
    (Role.ECOMMERCE_MANAGER, {}, EVERYTHING, set()),
    (Role.CUSTOMER_SERVICE_MANAGER, {}, EVERYTHING, set()),
    (Role.ACCOUNTING_MANAGER, {}, EVERYTHING, set()),
    (Role.SALES_DIRECTOR, {"regions": ["eu"]}, {"wh-central", "bq-paris", "bq-milan"}, set()),
    (Role.QUALITY_CONTROLLER, {}, {"wh-central"}, set()),
    (Role.STORE_MANAGER, {"boutiques": ["paris"]}, {"bq-paris"}, {"bq-paris"}),
    (Role.SALES_REPRESENTATIVE, {"boutiques": ["paris"]}, {"bq-paris"}, set()),
    (Role.DESIGNER, {}, set(), set()),
    (Role.CUSTOMER, {}, set(), set()),
]


def actor_of(role, scope):
    return actor_for(make_user(role, **scope))


@pytest.fixture
def rows(world):
    """A level, a move and a transfer at each boutique, a reservation at Milan."""
    for site in (world.warehouse, world.paris, world.milan, world.london):
        stock(world.sofa, site, 3)
    for shop in (world.paris, world.milan, world.london):
        services.transfer_request(
            source=world.warehouse, destination=shop, lines=[(world.sofa.pk, 1)], actor=SYSTEM
        )
    facade.reserve(order_ref="SO-1", lines=[("1", world.sofa.pk, 3)], actor=SYSTEM)
    return world


@pytest.mark.parametrize(("role", "scope", "sees", "manages"), CASES)
def test_each_role_sees_and_manages_exactly_its_locations(rows, role, scope, sees, manages):
    actor = actor_of(role, scope)

    assert set(access.locations_visible_to(actor).values_list("code", flat=True)) == sees
    assert set(access.locations_manageable_by(actor).values_list("code", flat=True)) == manages


@pytest.mark.parametrize(("role", "scope", "sees", "manages"), CASES)
def test_rows_follow_their_locations(rows, role, scope, sees, manages):
    actor = actor_of(role, scope)

    levels = {lv.location.code for lv in access.stock_levels_visible_to(actor)}
    transfers = {t.destination.code for t in access.transfers_visible_to(actor)}
    moves = access.stock_moves_visible_to(actor)
    reservations = {r.location.code for r in access.reservations_visible_to(actor)}

    assert levels == sees & (STOCK_SITES | {"adjustments"})  # where stock has moved
    expected_transfers = (
        {"bq-paris", "bq-milan", "bq-london"}
        if "wh-central" in sees
        else (sees & {"bq-paris", "bq-milan", "bq-london"})
    )
    assert transfers == expected_transfers
    everything = access.stock_moves_visible_to(SYSTEM)
    touching = [m.pk for m in everything if {m.from_location.code, m.to_location.code} & sees]
    assert sorted(m.pk for m in moves) == sorted(touching)
    assert reservations == ({"wh-central"} & sees)


def test_guests_and_manufacturers_see_nothing(rows):
    manufacturer = actor_of(Role.MANUFACTURER, {"manufacturer": rows.sofa.product.manufacturer})
    for actor in (ANONYMOUS, manufacturer):
        assert not access.locations_visible_to(actor).exists()
        assert not access.stock_levels_visible_to(actor).exists()
        assert not access.stock_moves_visible_to(actor).exists()
        assert not access.transfers_visible_to(actor).exists()


def test_a_store_manager_without_boutiques_sees_nothing(rows):
    user = make_user(Role.STORE_MANAGER, boutiques=["paris"])
    user.boutiques.clear()
    actor = actor_for(user)
    assert not access.locations_visible_to(actor).exists()
    assert not access.locations_manageable_by(actor).exists()


def test_an_inactive_user_sees_nothing(rows):
    user = make_user(Role.ADMIN)
    user.is_active = False
    user.save()
    assert not access.locations_visible_to(actor_for(user)).exists()


def test_the_system_sees_and_manages_everything(rows):
    assert set(access.locations_visible_to(SYSTEM).values_list("code", flat=True)) == EVERYTHING
    assert set(access.locations_manageable_by(SYSTEM).values_list("code", flat=True)) == (
        STOCK_SITES
    )


def test_out_of_scope_looks_exactly_like_missing(rows):
    actor = actor_of(Role.STORE_MANAGER, {"boutiques": ["paris"]})
    london = access.transfers_visible_to(SYSTEM).get(destination=rows.london).number

    with pytest.raises(NotFound) as out_of_scope:
        access.get_transfer_for(actor, london)
    with pytest.raises(NotFound) as missing:
        access.get_transfer_for(actor, "TR-1999-000001")
    with pytest.raises(NotFound) as location:
        access.get_location_for(actor, "bq-london")
    with pytest.raises(NotFound) as no_location:
        access.get_location_for(actor, "bq-atlantis")

    assert out_of_scope.value.message == missing.value.message
    assert location.value.message == no_location.value.message


def test_seeing_is_not_acting(rows):
    rep = actor_of(Role.SALES_REPRESENTATIVE, {"boutiques": ["paris"]})
    paris = access.transfers_visible_to(SYSTEM).get(destination=rows.paris).number

    assert access.get_location_for(rep, "bq-paris").code == "bq-paris"
    with pytest.raises(PermissionDenied):
        access.get_location_for(rep, "bq-paris", action="manage")
    with pytest.raises(PermissionDenied):
        access.get_transfer_for(rep, paris, action="receive")


def test_a_store_manager_receives_but_does_not_ship_a_replenishment(rows):
    manager = actor_of(Role.STORE_MANAGER, {"boutiques": ["paris"]})
    paris = access.transfers_visible_to(SYSTEM).get(destination=rows.paris).number

    assert access.get_transfer_for(manager, paris, action="receive").number == paris
    assert access.get_transfer_for(manager, paris, action="cancel").number == paris
    with pytest.raises(PermissionDenied):
        access.get_transfer_for(manager, paris, action="ship")


def test_unknown_actions_are_a_programming_error(rows):
    with pytest.raises(ValueError, match="Unknown action"):
        access.get_location_for(SYSTEM, "bq-paris", action="delete")
