"""Bad input gets a clear 4xx or a safe render, never a 500."""

import pytest

from atelier.catalog.tests.factories import CategoryFactory, CollectionFactory, ProductFactory
from atelier.storefront.tests.shop import priced_product

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "status", "text"),
    [
        ("/category/no-such-category/", 404, "This page is not here"),
        ("/collections/no-such-collection/", 404, "This page is not here"),
        ("/collections/prive/", 404, "This page is not here"),  # private: hidden = missing
        ("/products/no-such-piece/", 404, "This page is not here"),
        ("/category/living/?price_min=abc", 400, "Minimum price: enter an amount"),
        ("/category/living/?price_max=1e999", 400, "Maximum price: enter an amount"),
        ("/category/living/?price_min=-5", 400, "Minimum price: enter an amount"),
        ("/category/living/?price_min=NaN", 400, "Minimum price: enter an amount"),
        ("/category/living/?price_min=900&price_max=100", 400, "minimum price is above"),
        ("/category/living/?page=-1", 400, "Page: a whole number from 1."),
        ("/category/living/?page=0", 400, "Page: a whole number from 1."),
        ("/category/living/?page=abc", 400, "Page: a whole number from 1."),
        ("/category/living/?page=99999999", 404, "This page is not here"),
        ("/category/living/?page=" + "9" * 40, 404, "This page is not here"),
        ("/category/living/?page=3", 404, "This page is not here"),  # 30 pieces: 2 pages
        ("/category/living/?sort=evil", 400, "Sort by newest, name or price."),
        ("/category/living/?sort=price;DROP", 400, "Sort by newest, name or price."),
        ("/category/living/?availability=tomorrow", 400, "Availability: choose"),
        ("/category/living/?v=not-a-pair", 400, "That filter is not one we offer"),
        ("/category/living/?v=wood:%3Cscript%3E", 400, "That filter is not one we offer"),
        ("/collections/riviera/?page=-1", 400, "Page: a whole number from 1."),
        ("/search/?q=sofa&sort=evil", 400, "Sort by newest, name or price."),
        ("/search/?q=" + "a" * 101, 400, "Search: at most 100 characters"),
    ],
)
def test_bad_addresses_and_parameters(client, shop, url, status, text):
    response = client.get(url)

    assert response.status_code == status
    assert text in response.content.decode()


def test_unknown_parameters_are_ignored(client, shop):
    assert client.get("/category/living/?utm_source=newsletter&fbclid=x").status_code == 200


def test_errors_render_in_the_shop_shell(client, shop):
    page = client.get("/category/living/?sort=evil").content.decode()

    assert '<nav class="main-nav" aria-label="Main"' in page
    assert '<meta name="robots" content="noindex">' in page
    assert 'href="/category/living/"' in page  # start again without filters


def test_script_in_names_and_rich_text_is_escaped(client, db):
    from atelier.storefront.tests.shop import price_lists

    eu, _, us = price_lists()
    evil = '<script>alert("x")</script>'
    category = CategoryFactory(
        name=f"Chairs {evil}",
        slug="chairs",
        description=f"<p>Sit{evil}</p><img src=x onerror=alert(1)>",
    )
    product = priced_product(
        eu,
        us,
        name=f"Ghost {evil}",
        slug="ghost",
        category=category,
        eu_amount=100,
        description=f'<p onclick="alert(1)">Soft <a href="javascript:alert(1)">link</a>{evil}</p>',
        materials=evil,
        care_notes=evil,
    )
    CollectionFactory(name=f"Noir {evil}", slug="noir", description=evil, products=[product])

    for url in (
        "/category/chairs/",
        "/products/ghost/",
        "/collections/noir/",
        "/search/?q=Ghost",
        "/search/?q=" + evil,
        "/",
    ):
        page = client.get(url).content.decode()
        assert "<script>alert" not in page, url
        assert "onerror=" not in page, url
        assert "onclick=" not in page, url
        assert "javascript:" not in page, url
    product_page = client.get("/products/ghost/").content.decode()
    assert "Ghost &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in product_page
    assert '<p>Soft <a rel="noopener noreferrer nofollow">link</a></p>' in product_page


def test_slugs_that_are_not_slugs_are_404(client, shop):
    assert client.get("/products/%3Cscript%3E/").status_code == 404
    assert client.get("/category/../../etc/passwd/").status_code == 404


def test_unpublished_product_in_a_public_collection_stays_hidden(client, shop):
    draft = ProductFactory(name="Draft chair", slug="draft-chair")
    CollectionFactory(slug="drafts", products=[draft])

    page = client.get("/collections/drafts/").content.decode()

    assert "Draft chair" not in page
    assert "0 pieces" in page
