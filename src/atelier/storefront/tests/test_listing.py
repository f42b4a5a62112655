"""Category, collection and search pages: filters, sort, pages, facets, availability,
and a constant number of queries whatever the number of products."""

import re

import pytest

from atelier.catalog.tests.factories import CollectionFactory
from atelier.inventory import services as inventory_services
from atelier.inventory.enums import LocationKind, MoveReason
from atelier.inventory.models import Location
from atelier.org.models import Warehouse
from atelier.storefront.tests.shop import build_shop

pytestmark = pytest.mark.django_db

EU = {"HTTP_ACCEPT_LANGUAGE": "fr-FR"}
US = {"HTTP_CF_IPCOUNTRY": "US"}


def names(html: str) -> list[str]:
    return re.findall(r'class="product-card__title card__title"><a href="[^"]+">([^<]+)</a>', html)


def test_category_lists_a_page_of_its_products_and_descendants(client, shop):
    page = client.get("/category/living/", **EU).content.decode()

    assert '<h1 class="page-head__title">Living</h1>' in page
    assert "30 pieces" in page  # sofas and armchairs are under living; the secret is private
    assert len(names(page)) == 24
    assert names(page)[0] == "Mira sofa 29"  # newest first
    assert 'href="/category/sofas/"' in page  # sub-categories as chips
    assert "Secret cabinet" not in page


def test_category_prices_in_the_visitors_currency_with_its_tax_display(client, shop):
    eu = client.get("/category/sofas/", **EU).content.decode()
    us = client.get("/category/sofas/", **US).content.decode()

    assert "from €3,900" in eu  # piece 29: EU 1000 + 29 x 100
    assert "VAT included" in eu
    assert "from $4,200" in us  # US = EU + 300
    assert "plus sales tax" in us


def test_sorting_by_price_and_name(client, shop):
    cheap = names(client.get("/category/living/?sort=price", **EU).content.decode())
    dear = names(client.get("/category/living/?sort=-price", **EU).content.decode())
    by_name = names(client.get("/category/living/?sort=name", **EU).content.decode())

    assert cheap[:2] == ["Aria armchair 00", "Brera sofa 01"]
    assert dear[:2] == ["Mira sofa 29", "Lario armchair 28"]
    assert by_name == sorted(by_name, key=str.lower)


def test_second_page_and_pagination_links(client, shop):
    page = client.get("/category/living/?sort=name&page=2", **EU).content.decode()

    assert len(names(page)) == 6
    assert 'aria-current="page"><span class="visually-hidden">Page </span>2' in page
    assert 'href="/category/living/?sort=name" rel="prev"' in page
    assert 'rel="next"' not in page
    assert '<link rel="canonical" href="http://127.0.0.1:8000/category/living/?page=2">' in page


def test_attribute_facets_filter_and_show_counts(client, shop):
    page = client.get("/category/living/", **EU).content.decode()
    assert 'value="wood:oak"' in page
    assert 'Oak <span class="choice__count">(30)</span>' in page

    filtered = client.get("/category/living/?v=wood:oak&v=wood:nothing", **EU).content
    assert "30 pieces" in filtered.decode()
    none = client.get("/category/living/?v=wood:nothing", **EU).content.decode()
    assert "No pieces match these filters" in none
    assert "Wood: Oak" not in none


def test_price_range_filter_in_the_region_currency(client, shop):
    page = client.get("/category/living/?price_min=3500&price_max=3700", **EU).content.decode()

    assert sorted(names(page)) == ["Fiora sofa 25", "Gavi armchair 26", "Isola sofa 27"]
    assert "From €3,500" in page  # the active filters, each with a link to remove it
    assert "Up to €3,700" in page


def test_made_to_order_filter_and_labels(client, shop):
    page = client.get("/category/living/?availability=made_to_order", **EU).content.decode()

    assert "11 pieces" in page  # every third piece, and the configurable sofa
    assert page.count("Made to order — about 8 weeks") == 11
    assert "Currently unavailable" not in page


def _warehouse_stock(variant, quantity):
    Warehouse.objects.create(code="central", name="Central", city="Lyon", country="FR")
    inventory_services.locations_sync(actor=_system())
    inventory_services.stock_adjust(
        location=Location.objects.get(kind=LocationKind.WAREHOUSE),
        variant_id=variant.pk,
        quantity=quantity,
        reason=MoveReason.OPENING_BALANCE,
        actor=_system(),
    )


def _system():
    from atelier.core.actor import system_actor

    return system_actor("test")


def test_in_stock_filter_and_label_come_from_inventory(client, shop):
    stocked = shop.products[4]
    _warehouse_stock(stocked.variants.first(), 3)

    page = client.get("/category/living/?availability=in_stock", **EU).content.decode()

    assert names(page) == [stocked.name]
    assert '<span class="availability availability--in_stock">In stock</span>' in page


def test_stock_labels_are_live_under_a_cached_listing(client, shop):
    badge = '<span class="availability availability--in_stock">In stock</span>'
    first = client.get("/category/living/?sort=name", **EU).content.decode()
    assert badge not in first

    _warehouse_stock(shop.products[0].variants.first(), 1)  # no catalog write: no bump
    second = client.get("/category/living/?sort=name", **EU).content.decode()

    assert badge in second


@pytest.mark.parametrize(
    "url",
    [
        "/category/living/?sort=-price&page=2",
        "/category/living/?v=wood:oak&price_min=100&availability=made_to_order",
        "/collections/riviera/?sort=price",
        "/search/?q=generous&page=2",
        "/",
    ],
)
def test_list_pages_run_a_constant_number_of_queries(client, url, django_assert_max_num_queries):
    """More products than a page (and more collections than the home shows)."""
    shop = build_shop(40)
    for i in range(12):
        CollectionFactory(products=shop.products[i : i + 3])
    CollectionFactory(slug="everything", products=shop.products)

    with django_assert_max_num_queries(24):  # empty cache
        assert client.get(url, **EU).status_code == 200
    with django_assert_max_num_queries(7):  # cached: live stock labels and boutiques
        assert client.get(url, **EU).status_code == 200


def test_collection_page_lists_its_products(client, shop):
    page = client.get("/collections/riviera/", **EU).content.decode()

    assert "12 pieces" in page
    assert '<h1 id="collection-title" class="page-head__title">Riviera</h1>' in page
    assert "Walnut, travertine and linen." in page


def test_collections_index_lists_public_collections_only(client, shop):
    page = client.get("/collections/").content.decode()

    assert 'href="/collections/riviera/"' in page
    assert "prive" not in page


def test_search_finds_by_name_and_sku(client, shop):
    sku = shop.products[3].variants.first().sku

    by_name = client.get("/search/?q=Elba", **EU).content.decode()
    by_sku = client.get(f"/search/?q={sku}", **EU).content.decode()

    assert sorted(names(by_name)) == ["Elba armchair 04", "Elba armchair 14", "Elba armchair 24"]
    assert names(by_sku) == [shop.products[3].name]
    assert '<meta name="robots" content="noindex, follow">' in by_name
    assert 'value="Elba"' in by_name


def test_search_never_shows_private_pieces(client, shop):
    page = client.get("/search/?q=Secret", **EU).content.decode()

    assert "0 pieces" in page
    assert "Secret cabinet" not in page


def test_empty_search_shows_the_form(client, shop):
    page = client.get("/search/").content.decode()

    assert "Search the collection</h1>" in page
    assert "product-card" not in page


def test_pages_without_prices_yet(client, db):
    """No region has a price list: listings show, unpriced, and price sorts are refused."""
    from atelier.catalog.tests.factories import CategoryFactory, ProductFactory, VariantFactory

    VariantFactory(product=ProductFactory(category=CategoryFactory(slug="living"), published=True))

    page = client.get("/category/living/").content.decode()
    assert "1 piece" in page
    assert "Price, low to high" not in page
    assert client.get("/category/living/?sort=price").status_code == 400
