"""The product page: gallery, details, configurator, the live price (htmx endpoint)
and its inline errors, 3D view; private and unknown pieces are 404."""

import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from atelier.catalog import services as catalog_services
from atelier.catalog.tests.factories import (
    MANAGER,
    MediaImageFactory,
    ProductImageFactory,
    glb_bytes,
)

pytestmark = pytest.mark.django_db

EU = {"HTTP_ACCEPT_LANGUAGE": "en-FR"}
US = {"HTTP_CF_IPCOUNTRY": "US"}


def price_of(html: str) -> str:
    return re.search(r'<span class="price__amount" data-price>([^<]+)</span>', html).group(1)


def variant_ids(product) -> list[int]:
    return list(product.variants.order_by("id").values_list("id", flat=True))


def test_product_page_shows_the_piece(client, shop):
    page = client.get(f"/products/{shop.sofa.slug}/", **EU).content.decode()

    assert "<title>Brera sofa 01 — Atelier</title>" in page
    assert '<h1 id="product-title" class="product__title">Brera sofa 01</h1>' in page
    assert "W 240 \N{MULTIPLICATION SIGN} D 100 \N{MULTIPLICATION SIGN} H 80 cm" in page
    assert "<dd>Walnut, linen</dd>" in page
    assert "Vacuum gently.<br>Keep out of direct sun." in page
    assert "Made to order in about 8 weeks" in page
    assert "Brianza Upholstery, Italy" in page
    assert 'href="/collections/riviera/"' in page
    assert 'href="/category/sofas/"' in page  # breadcrumbs
    assert "Photographs of this piece are being taken" in page  # elegant placeholder


def test_price_in_region_currency_and_tax_display(client, shop):
    eu = client.get(f"/products/{shop.sofa.slug}/", **EU).content.decode()
    us = client.get(f"/products/{shop.sofa.slug}/", **US).content.decode()

    assert price_of(eu) == "€1,100"
    assert '<span class="price__tax">incl. VAT</span>' in eu
    assert price_of(us) == "$1,400"
    assert '<span class="price__tax">+ sales tax</span>' in us


def test_configurator_offers_versions_options_and_sizes(client, shop):
    page = client.get(f"/products/{shop.sofa.slug}/", **EU).content.decode()
    walnut, oak = variant_ids(shop.sofa)

    assert f'name="variant" value="{walnut}" checked' in page
    assert f'name="variant" value="{oak}"' in page
    assert '<span class="option-row__price">€1,300</span>' in page
    assert 'name="option-fabric" value="linen" checked' in page
    assert '<span class="swatch__price">+€350</span>' in page
    assert 'name="width" inputmode="decimal" step="any" min="200" max="300" value="240"' in page
    assert "+€45 per 10 cm above standard" in page
    assert f'hx-get="/products/{shop.sofa.slug}/price/"' in page
    assert "Made to order — about 8 weeks" in page  # inventory's label for the variant


def test_price_endpoint_prices_the_chosen_configuration(client, shop):
    _, oak = variant_ids(shop.sofa)
    url = f"/products/{shop.sofa.slug}/price/"

    response = client.get(
        url,
        {"variant": oak, "option-fabric": "mohair", "width": "262"},
        **EU,
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert price_of(html) == "€1,785"  # 1 300 + 350 mohair + 3 steps x 45
    assert "Fabric: Mohair" in html
    assert "Width 262 cm (+3 x 10.0 cm)" in html  # pricing's label
    assert (
        'id="error-width" class="field__error" data-error-for="width" hx-swap-oob="true"></p>'
        in html
    )
    assert response["HX-Replace-Url"] == (
        f"/products/{shop.sofa.slug}/?variant={oak}&option-fabric=mohair&width=262"
    )


def test_out_of_range_size_is_an_inline_error(client, shop):
    walnut, _ = variant_ids(shop.sofa)
    response = client.get(
        f"/products/{shop.sofa.slug}/price/",
        {"variant": walnut, "option-fabric": "linen", "width": "320"},
        **EU,
    )

    assert response.status_code == 422
    html = response.content.decode()
    message = "Width must be between 200.0 and 300.0 cm (got 320 cm)."
    assert (
        f'id="error-width" class="field__error" data-error-for="width" hx-swap-oob="true">{message}'
        in html
    )
    assert f"data-price-error>{message}</p>" in html  # announced in the live price panel
    assert "data-price>" not in html


@pytest.mark.parametrize(
    ("params", "field", "text"),
    [
        ({"width": "abc"}, "width", "is not a number"),
        ({"width": "-5"}, "width", "must be above 0 cm"),
        ({"depth": "120"}, "depth", "cannot be changed"),
        ({"option-fabric": "silk"}, "option-fabric", "is not a Fabric choice"),
        ({"option-legs": "oak"}, "option-legs", "is not an option"),
    ],
)
def test_bad_configurations_are_422_with_the_field_named(client, shop, params, field, text):
    walnut, _ = variant_ids(shop.sofa)
    query = {"variant": walnut, "option-fabric": "linen", **params}

    response = client.get(f"/products/{shop.sofa.slug}/price/", query, **EU)

    assert response.status_code == 422
    html = response.content.decode()
    assert f'id="error-{field}"' in html
    assert text in html


@pytest.mark.parametrize("variant", ["999999", "abc", "-1"])
def test_unknown_or_foreign_variants_are_refused(client, shop, variant):
    response = client.get(f"/products/{shop.sofa.slug}/price/", {"variant": variant}, **EU)

    assert response.status_code == 422
    assert "Choose one of the versions listed." in response.content.decode()


def test_a_variant_of_another_product_is_refused(client, shop):
    other = variant_ids(shop.products[2])[0]

    response = client.get(f"/products/{shop.sofa.slug}/price/", {"variant": other}, **EU)

    assert response.status_code == 422


def test_a_piece_not_sold_in_the_region(client, shop):
    from atelier.pricing.models import PriceEntry

    walnut, _ = variant_ids(shop.sofa)
    PriceEntry.objects.filter(price_list=shop.eu, variant_id=walnut).delete()

    response = client.get(
        f"/products/{shop.sofa.slug}/price/", {"variant": walnut, "option-fabric": "linen"}, **EU
    )

    assert response.status_code == 422
    assert "not offered in your region" in response.content.decode()


def test_a_shared_configuration_renders_without_script(client, shop):
    _, oak = variant_ids(shop.sofa)

    page = client.get(
        f"/products/{shop.sofa.slug}/",
        {"variant": oak, "option-fabric": "mohair", "width": "350"},
        **EU,
    ).content.decode()

    assert response_ok(page)
    assert f'name="variant" value="{oak}" checked' in page
    assert 'name="option-fabric" value="mohair" checked' in page
    assert 'value="350" aria-describedby="help-width error-width" aria-invalid="true"' in page
    assert "Width must be between 200.0 and 300.0 cm (got 350 cm)." in page
    assert f'<link rel="canonical" href="http://127.0.0.1:8000/products/{shop.sofa.slug}/">' in page


def response_ok(page: str) -> bool:
    return page.startswith("<!doctype html>")


def test_gallery_uses_webp_srcsets(client, shop):
    image = MediaImageFactory(alt_text="Brera in sage velvet by a window")
    ProductImageFactory(product=shop.sofa, image=image)
    ProductImageFactory(product=shop.sofa, image=MediaImageFactory(alt_text="The arm, close"))

    page = client.get(f"/products/{shop.sofa.slug}/", **EU).content.decode()

    img = re.search(r'<img src="[^"]+"[^>]*alt="Brera in sage velvet by a window"[^>]*>', page)
    assert img
    tag = img.group(0)
    assert ".webp 800w" in tag
    assert ".webp 1200w" not in tag  # never upscaled past the original's 1200 px
    assert 'sizes="(min-width: 1024px) 60vw, 100vw"' in tag
    assert 'width="800"' in tag
    assert 'fetchpriority="high"' in tag
    assert 'aria-label="Photographs of Brera sofa 01, scroll for more"' in page
    assert "Photographs of this piece are being taken" not in page


def test_3d_view_when_a_glb_exists(client, shop, django_capture_on_commit_callbacks):
    assert "<model-viewer" not in client.get(f"/products/{shop.sofa.slug}/", **EU).content.decode()

    with django_capture_on_commit_callbacks(execute=True):  # the upload bumps the cache
        catalog_services.model3d_upload(
            product=shop.sofa,
            file=SimpleUploadedFile("brera.glb", glb_bytes(), content_type="model/gltf-binary"),
            actor=MANAGER,
        )
    page = client.get(f"/products/{shop.sofa.slug}/", **EU).content.decode()

    assert "<model-viewer" in page
    assert 'alt="A 3D model of Brera sofa 01 that you can turn and zoom" camera-controls' in page
    assert "/static/vendor/model-viewer/model-viewer.min.js" in page


@pytest.mark.parametrize("slug", ["no-such-piece", "secret-cabinet"])
def test_unknown_and_private_pieces_are_404(client, shop, slug):
    assert client.get(f"/products/{slug}/").status_code == 404
    assert client.get(f"/products/{slug}/price/").status_code == 404


def test_a_granted_customer_sees_the_private_piece(client, shop):
    from atelier.accounts import services as accounts

    customer = accounts.customer_create(email="vip@example.com", password="a-long-passphrase-1")
    catalog_services.collection_grant(collection=shop.private, users=[customer], actor=MANAGER)
    client.force_login(customer)

    page = client.get("/products/secret-cabinet/", **EU).content.decode()

    assert price_of(page) == "€9,000"


def test_a_draft_piece_is_404(client, shop):
    from atelier.catalog.models import ProductPublication

    ProductPublication.objects.filter(product=shop.sofa).update(status="draft")

    assert client.get(f"/products/{shop.sofa.slug}/").status_code == 404


def test_post_is_not_allowed(client, shop):
    assert client.post(f"/products/{shop.sofa.slug}/price/").status_code == 405


def test_price_is_rounded_for_display(client, shop):
    from atelier.pricing.models import PriceEntry

    walnut, _ = variant_ids(shop.sofa)
    PriceEntry.objects.filter(price_list=shop.eu, variant_id=walnut).update(
        amount=Decimal("1234.5")
    )

    page = client.get(f"/products/{shop.sofa.slug}/", **EU).content.decode()

    assert price_of(page) == "€1,234.50"
