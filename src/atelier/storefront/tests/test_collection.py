"""The collection page: hero image, a respectful film, the pieces; private collections
only for those granted."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from atelier.accounts import services as accounts
from atelier.catalog import services as catalog_services
from atelier.catalog.tests.factories import MANAGER, MediaImageFactory

pytestmark = pytest.mark.django_db

EU = {"HTTP_ACCEPT_LANGUAGE": "en-FR"}
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64


def test_film_by_url_plays_only_when_asked_with_a_poster(client, shop):
    shop.riviera.hero_image = MediaImageFactory(alt_text="The Riviera salon")
    shop.riviera.video_url = "https://videos.example/riviera.mp4"
    shop.riviera.save()

    page = client.get("/collections/riviera/", **EU).content.decode()

    video = page[page.index("<video") : page.index("</video>")]
    assert "controls" in video
    assert 'preload="none"' in video
    assert "autoplay" not in video
    assert "muted" not in video
    assert 'poster="/media/' in video
    assert ".webp" in video
    assert '<source src="https://videos.example/riviera.mp4">' in video
    assert "The film starts only when you press play" in page
    assert 'alt="The Riviera salon"' in page  # the hero image


def test_uploaded_film_file(client, shop):
    shop.riviera.video.save("riviera.mp4", SimpleUploadedFile("riviera.mp4", MP4), save=True)

    page = client.get("/collections/riviera/", **EU).content.decode()

    assert '<source src="/media/catalog/videos/' in page
    assert "<track" not in page  # no captions file on the collection yet


def test_film_on_a_video_site_is_a_link(client, shop):
    shop.riviera.video_url = "https://vimeo.com/123456"
    shop.riviera.save()

    page = client.get("/collections/riviera/", **EU).content.decode()

    assert "<video" not in page
    assert 'href="https://vimeo.com/123456" rel="noopener">Watch the film' in page


def test_without_film_or_image(client, shop):
    page = client.get("/collections/riviera/", **EU).content.decode()

    assert "<video" not in page
    assert "collection__hero" not in page
    assert "<h1" in page


def test_private_collection_is_404_unless_granted(client, shop):
    assert client.get("/collections/prive/").status_code == 404

    vip = accounts.customer_create(email="vip@example.com", password="a-long-passphrase-1")
    catalog_services.collection_grant(collection=shop.private, users=[vip], actor=MANAGER)
    client.force_login(vip)
    page = client.get("/collections/prive/", **EU).content.decode()

    assert "Secret cabinet" in page
    assert "from €9,000" in page


def test_a_price_list_that_cannot_price_still_shows_the_pieces(client, shop, caplog):
    """The EU list loses its default tax country: the region spans three countries, so
    pricing cannot choose a tax; the listing shows, unpriced, and the error is logged."""
    shop.eu.default_tax_country = ""
    shop.eu.save()

    response = client.get("/collections/riviera/?sort=price", **EU)

    assert response.status_code == 200
    page = response.content.decode()
    assert "12 pieces" in page
    assert "from €" not in page
    assert "Storefront listing without prices" in caplog.text
    product = client.get(f"/products/{shop.sofa.slug}/", **EU)
    assert product.status_code == 200
    assert "a client adviser will gladly help" in product.content.decode()
