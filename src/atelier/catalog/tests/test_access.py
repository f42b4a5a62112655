"""Private collections, role x row: only granted users and groups see them -- 404 otherwise."""

import pytest

from atelier.catalog import selectors
from atelier.catalog.enums import Channel, MenuItemKind, Visibility
from atelier.catalog.models import MenuItem
from atelier.catalog.selectors import ProductFilters
from atelier.catalog.tests.factories import (
    DESIGNER,
    CollectionFactory,
    ProductFactory,
    customer_actor,
)
from atelier.core.actor import ANONYMOUS
from atelier.core.errors import NotFound
from atelier.customers.tests.factories import CustomerGroupFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    granted, member, other, outsider = (UserFactory() for _ in range(4))
    circle = CustomerGroupFactory(members=[member])
    CustomerGroupFactory(members=[outsider])  # another group, not granted
    secret = ProductFactory(name="Edition Zero", slug="edition-zero", published=True)
    public = ProductFactory(slug="aria", published=True)
    private = CollectionFactory(
        slug="atelier-edition", visibility=Visibility.PRIVATE, max_quantity=12, products=[secret]
    )
    private.granted_users.add(granted)
    private.granted_groups.add(circle)
    CollectionFactory(slug="living", products=[public, secret])  # public collection, too
    MenuItem.objects.create(kind=MenuItemKind.COLLECTION, collection=private, position=0)
    return {
        "granted user": customer_actor(granted),
        "group member": customer_actor(member),
        "other customer": customer_actor(other),
        "another group": customer_actor(outsider),
        "guest": ANONYMOUS,
        "catalog staff": DESIGNER,
    }


SEES = {
    "granted user": True,
    "group member": True,
    "catalog staff": True,
    "other customer": False,
    "another group": False,
    "guest": False,
}


@pytest.mark.parametrize(("who", "sees"), SEES.items())
def test_private_product_page(world, who, sees):
    actor = world[who]
    if sees:
        assert selectors.get_product_for(actor, "edition-zero").slug == "edition-zero"
        assert selectors.product_detail(actor, "edition-zero").product.slug == "edition-zero"
    else:
        with pytest.raises(NotFound):
            selectors.get_product_for(actor, "edition-zero")
        with pytest.raises(NotFound):
            selectors.product_detail(actor, "edition-zero")


@pytest.mark.parametrize(("who", "sees"), SEES.items())
def test_private_product_in_lists_search_and_public_collections(world, who, sees):
    actor = world[who]
    listing = selectors.product_listing(actor)
    search = selectors.search_products(actor, "edition")
    in_public = selectors.product_listing(actor, filters=ProductFilters(collection="living"))
    for page in (listing, search, in_public):
        assert ("edition-zero" in {c.product.slug for c in page.items}) is sees
    assert {c.product.slug for c in listing.items} >= {"aria"}
    assert selectors.products_visible_to(actor).filter(slug="edition-zero").exists() is sees


@pytest.mark.parametrize(("who", "sees"), SEES.items())
def test_private_collection_page_and_menu(world, who, sees):
    actor = world[who]
    slugs = {c.slug for c in selectors.collection_list(actor)}
    assert ("atelier-edition" in slugs) is sees
    assert bool(selectors.menu_tree(actor)) is sees
    if not sees:
        with pytest.raises(NotFound):
            selectors.get_collection_for(actor, "atelier-edition")
        listing = selectors.product_listing(
            actor, filters=ProductFilters(collection="atelier-edition")
        )
        assert listing.items == []


def test_inactive_private_collection_grants_nothing(world):
    from atelier.catalog.models import Collection

    Collection.objects.filter(slug="atelier-edition").update(is_active=False)
    with pytest.raises(NotFound):
        selectors.get_product_for(world["granted user"], "edition-zero")


def test_unpublished_and_other_channel_products_are_not_found():
    ProductFactory(slug="draft-sofa")
    ProductFactory(slug="boutique-only", published=[Channel.BOUTIQUES])
    for slug in ("draft-sofa", "boutique-only", "no-such-sofa"):
        with pytest.raises(NotFound):
            selectors.get_product_for(ANONYMOUS, slug)
    assert selectors.get_product_for(ANONYMOUS, "boutique-only", Channel.BOUTIQUES)


def test_back_office_list_is_for_catalog_staff_only():
    ProductFactory()
    assert selectors.products_managed_by(DESIGNER).count() == 1
    assert selectors.products_managed_by(ANONYMOUS).count() == 0
