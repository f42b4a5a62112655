"""Titles, meta descriptions, canonical addresses, robots.txt and sitemap.xml."""

import re

import pytest

from atelier.catalog.models import Category, ProductPublication

pytestmark = pytest.mark.django_db


def head(client, url: str) -> str:
    page = client.get(url).content.decode()
    return page[: page.index("</head>")]


@pytest.mark.parametrize(
    ("url", "title", "description", "canonical"),
    [
        ("/", "Atelier — furniture made to order", "Atelier — furniture made to order", "/"),
        (
            "/category/sofas/",
            "Sofas — Atelier",
            "Sofas made to order by Atelier.",
            "/category/sofas/",
        ),
        (
            "/collections/riviera/",
            "Riviera — Atelier",
            "Walnut, travertine and linen.",
            "/collections/riviera/",
        ),
        (
            "/products/piece-01/",
            "Brera sofa 01 — Atelier",
            "A deep, generous piece, number 1.",
            "/products/piece-01/",
        ),
        ("/collections/", "Collections — Atelier", "Every Atelier collection", "/collections/"),
    ],
)
def test_titles_descriptions_and_canonical(client, shop, url, title, description, canonical):
    html = head(client, url)

    assert f"<title>{title}</title>" in html
    meta = re.search(r'<meta name="description" content="([^"]*)">', html).group(1)
    assert description in meta
    assert "<p>" not in meta
    assert f'<link rel="canonical" href="http://127.0.0.1:8000{canonical}">' in html


def test_canonical_drops_filters_and_uses_site_url(client, shop, settings):
    settings.SITE_URL = "https://atelier.example"

    html = head(client, "/category/living/?v=wood:oak&sort=price&page=2&utm_source=x")

    assert '<link rel="canonical" href="https://atelier.example/category/living/?page=2">' in html
    assert "<title>Living — page 2 — Atelier</title>" in html


def test_product_page_has_a_social_image(client, shop):
    from atelier.catalog.tests.factories import MediaImageFactory, ProductImageFactory

    ProductImageFactory(product=shop.sofa, image=MediaImageFactory())

    assert '<meta property="og:image" content="http://127.0.0.1:8000/media/' in head(
        client, "/products/piece-01/"
    )


def test_sitemap_lists_public_pages_only(client, shop, settings):
    settings.SITE_URL = "https://atelier.example"
    ProductPublication.objects.filter(product=shop.products[5]).update(status="draft")
    Category.objects.filter(slug="armchairs").update(is_active=False)

    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    xml = response.content.decode()
    locations = re.findall(r"<loc>([^<]+)</loc>", xml)
    assert "https://atelier.example/products/piece-01/" in locations
    assert "https://atelier.example/category/living/" in locations
    assert "https://atelier.example/category/sofas/" in locations
    assert "https://atelier.example/collections/riviera/" in locations
    assert "https://atelier.example/products/piece-05/" not in locations  # draft
    assert "https://atelier.example/category/armchairs/" not in locations  # inactive
    assert not [loc for loc in locations if "secret" in loc or "prive" in loc]  # private
    assert len([loc for loc in locations if "/products/" in loc]) == 29
    assert "<lastmod>" in xml


def test_sitemap_ignores_the_host_header(client, shop, settings):
    settings.ALLOWED_HOSTS = ["evil.example", "testserver"]

    xml = client.get("/sitemap.xml", HTTP_HOST="evil.example").content.decode()

    assert "evil.example" not in xml


def test_robots_txt_points_at_the_sitemap(client, db):
    text = client.get("/robots.txt").content.decode()

    assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in text
    assert "Disallow: /backoffice/" in text


def test_private_collection_pages_are_not_indexed(client, shop):
    from atelier.accounts import services as accounts
    from atelier.catalog import services as catalog_services
    from atelier.catalog.tests.factories import MANAGER

    vip = accounts.customer_create(email="vip@example.com", password="a-long-passphrase-1")
    catalog_services.collection_grant(collection=shop.private, users=[vip], actor=MANAGER)
    client.force_login(vip)

    assert '<meta name="robots" content="noindex, follow">' in head(client, "/collections/prive/")
