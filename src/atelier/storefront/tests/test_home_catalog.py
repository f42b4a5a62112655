"""The home page from the catalog: a featured collection as the hero, collection cards,
new pieces with prices; private collections only for those granted."""

import pytest

from atelier.catalog.enums import Visibility
from atelier.catalog.tests.factories import CollectionFactory, MediaImageFactory

pytestmark = pytest.mark.django_db

EU = {"HTTP_ACCEPT_LANGUAGE": "en-FR"}


def test_first_collection_with_a_hero_image_leads_the_page(client, shop):
    shop.riviera.hero_image = MediaImageFactory(alt_text="A sage sofa in a bright salon")
    shop.riviera.save()
    CollectionFactory(name="Carrara", slug="carrara", position=5)

    page = client.get("/", **EU).content.decode()

    assert '<h1 id="hero-title">Riviera</h1>' in page
    assert 'alt="A sage sofa in a bright salon"' in page
    assert ".webp 1280w" in page  # hero srcset
    assert '<a href="/collections/carrara/">Carrara</a>' in page
    assert "Atelier privé" not in page


def test_without_hero_images_the_house_hero_and_cards(client, shop):
    page = client.get("/", **EU).content.decode()

    assert "Furniture made slowly, to be kept for generations." in page
    assert '<a href="/collections/riviera/">Riviera</a>' in page
    assert 'class="placeholder"' in page  # no photograph: an elegant well, no broken image


def test_new_pieces_with_prices_and_availability(client, shop):
    page = client.get("/", **EU).content.decode()
    new = page[page.index('id="new-title"') :]

    assert "Mira sofa 29" in new
    assert "from €3,900" in new
    assert "Prices in EUR, VAT included." in new
    assert new.count('class="product-card ') == 4


def test_home_queries_stay_constant_with_many_collections(
    client, shop, django_assert_max_num_queries
):
    for i in range(40):
        CollectionFactory(products=shop.products[i % 30 : i % 30 + 2], position=10 + i)
    CollectionFactory(visibility=Visibility.PRIVATE, name="Hidden", products=[shop.secret])

    with django_assert_max_num_queries(22):
        page = client.get("/", **EU).content.decode()
    with django_assert_max_num_queries(7):
        client.get("/", **EU)

    assert page.count("collection-card") == 6
    assert "Hidden" not in page


def test_main_menu_is_accessible_nested_navigation(client, shop):
    page = client.get("/category/sofas/", **EU).content.decode()
    nav = page[
        page.index('<nav class="main-nav"') : page.index("</nav>", page.index('class="main-nav"'))
    ]

    assert 'aria-label="Main"' in nav
    toggle = 'class="main-nav__toggle" aria-expanded="false" aria-controls="main-nav-list"'
    assert toggle in nav
    assert 'aria-expanded="false" aria-controls="main-nav-sub-' in nav
    assert '<a href="/category/sofas/" aria-current="page">Sofas</a>' in nav
    assert "All living" in nav
    assert 'href="/collections/riviera/"' in nav


def test_menu_falls_back_to_top_categories(client, shop):
    from atelier.catalog.models import MenuItem

    MenuItem.objects.all().delete()

    page = client.get("/", **EU).content.decode()

    assert 'href="/category/living/"' in page
    assert 'href="/category/sofas/"' in page
