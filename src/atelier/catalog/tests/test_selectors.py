from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from atelier.catalog import selectors, services
from atelier.catalog.enums import MenuItemKind
from atelier.catalog.facade import validate_configuration
from atelier.catalog.images import generate_thumbnails, responsive_image
from atelier.catalog.models import MenuItem
from atelier.catalog.selectors import ProductFilters
from atelier.catalog.tests.factories import (
    MANAGER,
    AttributeValueFactory,
    CategoryFactory,
    CollectionFactory,
    ProductFactory,
    ProductImageFactory,
    VariantFactory,
)
from atelier.core.actor import ANONYMOUS
from atelier.core.errors import ValidationFailed
from atelier.core.money import Money

pytestmark = pytest.mark.django_db


class FakePrices:
    """A PriceSource: the variant's id x 10 EUR, except variants in `unpriced`."""

    def __init__(self, unpriced=()):
        self.unpriced = set(unpriced)

    def display_prices(self, variant_ids):
        return {v: Money(v * 10, "EUR") for v in variant_ids if v not in self.unpriced}


class FakeStock:
    def __init__(self, in_stock):
        self.ids = set(in_stock)

    def in_stock(self, variant_ids):
        return self.ids.intersection(variant_ids)


@pytest.fixture
def many():
    """30 published products (more than a page) with variants, images and values."""
    living = CategoryFactory(slug="living")
    sofas = CategoryFactory(slug="sofas", parent=living)
    walnut = AttributeValueFactory(attribute__slug="colour", slug="walnut")
    products = []
    for i in range(30):
        product = ProductFactory(
            category=sofas if i % 2 else living,
            published=True,
            made_to_order=i % 3 == 0,
            lead_time_days=42,
        )
        VariantFactory(product=product, values=[walnut] if i < 10 else [])
        VariantFactory(product=product)
        ProductImageFactory(product=product)
        products.append(product)
    CollectionFactory(slug="all", products=products)
    return products


def test_listing_runs_a_constant_number_of_queries(many, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        page = selectors.product_listing(ANONYMOUS, per_page=24)
        for card in page.items:
            _ = (
                card.product.manufacturer.name,
                card.product.category.name,
                card.cover.image.alt_text,
            )
    assert page.total == 30
    assert len(page.items) == 24
    assert page.num_pages == 2
    assert page.has_next
    assert not page.has_previous


def test_listing_with_prices_and_filters_is_constant_too(many, django_assert_max_num_queries):
    filters = ProductFilters(
        category="living", collection="all", values=("colour:walnut",), price_min=Decimal(0)
    )
    with django_assert_max_num_queries(9):
        page = selectors.product_listing(
            ANONYMOUS, filters=filters, sort="price", prices=FakePrices(), per_page=5
        )
        for card in page.items:
            _ = (card.product.manufacturer.name, card.cover.image.file.name, card.from_price)
    assert page.total == 10


def test_category_filter_includes_descendants(many):
    assert (
        selectors.product_listing(ANONYMOUS, filters=ProductFilters(category="living")).total == 30
    )
    assert (
        selectors.product_listing(ANONYMOUS, filters=ProductFilters(category="sofas")).total == 15
    )
    assert selectors.product_listing(ANONYMOUS, filters=ProductFilters(category="nope")).total == 0


def test_made_to_order_and_attribute_filters(many):
    assert (
        selectors.product_listing(
            ANONYMOUS, filters=ProductFilters(availability="made_to_order")
        ).total
        == 10
    )
    assert (
        selectors.product_listing(
            ANONYMOUS, filters=ProductFilters(values=("colour:walnut",))
        ).total
        == 10
    )


def test_price_sort_range_and_unpriced_products(many):
    cheapest = many[0].variants.order_by("id").first()
    page = selectors.product_listing(
        ANONYMOUS, sort="price", prices=FakePrices(unpriced={cheapest.pk}), per_page=50
    )
    amounts = [c.from_price.amount for c in page.items]
    assert amounts == sorted(amounts)
    assert page.items[0].product == many[0]  # its other variant still priced
    assert page.items[0].from_price == Money((cheapest.pk + 1) * 10, "EUR")

    low = amounts[5]
    ranged = selectors.product_listing(
        ANONYMOUS, filters=ProductFilters(price_max=low), prices=FakePrices(), per_page=50
    )
    assert ranged.total == 6

    unpriced = {v.pk for p in many[:3] for v in p.variants.all()}
    assert selectors.product_listing(ANONYMOUS, prices=FakePrices(unpriced)).total == 27


def test_in_stock_filter_uses_the_stock_hook(many):
    variant = many[4].variants.first()
    page = selectors.product_listing(
        ANONYMOUS, filters=ProductFilters(availability="in_stock"), stock=FakeStock({variant.pk})
    )
    assert [c.product for c in page.items] == [many[4]]
    with pytest.raises(ValidationFailed, match="Stock is not available"):
        selectors.product_listing(ANONYMOUS, filters=ProductFilters(availability="in_stock"))
    with pytest.raises(ValidationFailed, match="needs a region"):
        selectors.product_listing(ANONYMOUS, sort="price")


def test_sort_by_name_and_newest():
    ProductFactory(name="Beta", slug="beta", published=True)
    ProductFactory(name="alpha", slug="alpha", published=True)
    by_name = selectors.product_listing(ANONYMOUS, sort="name")
    assert [c.product.slug for c in by_name.items] == ["alpha", "beta"]
    newest = selectors.product_listing(ANONYMOUS, sort="newest")
    assert [c.product.slug for c in newest.items] == ["alpha", "beta"]


def test_search_covers_name_description_materials_and_sku():
    ProductFactory(name="Aria", slug="aria", materials="Bouclé wool", published=True)
    variant = VariantFactory(product=ProductFactory(slug="lune", published=True), sku="LUNE-1")
    assert [c.product.slug for c in selectors.search_products(ANONYMOUS, "bouclé").items] == [
        "aria"
    ]
    assert [c.product.slug for c in selectors.search_products(ANONYMOUS, "lune-1").items] == [
        variant.product.slug
    ]


def test_facets_count_products_per_value(many, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        facets = selectors.attribute_facets(ANONYMOUS)
    assert [(f.slug, [(v.slug, v.count) for v in f.values]) for f in facets] == [
        ("colour", [("colour:walnut", 10)])
    ]


def test_product_detail_query_count(many, django_assert_max_num_queries):
    with django_assert_max_num_queries(14):
        detail = selectors.product_detail(ANONYMOUS, many[1].slug)
        _ = [v.variant_values.all() for v in detail.product.live_variants]
        _ = [i.image.alt_text for i in detail.product.ordered_images]
    assert [c.slug for c in detail.breadcrumbs] == ["living", "sofas"]
    assert [c.slug for c in detail.collections] == ["all"]


def test_category_tree_and_menu(django_assert_max_num_queries):
    living = CategoryFactory(slug="living", position=1)
    CategoryFactory(slug="sofas", parent=living)
    hidden = CategoryFactory(slug="hidden", is_active=False)
    CategoryFactory(slug="under-hidden", parent=hidden)
    with django_assert_max_num_queries(1):
        tree = selectors.category_tree(ANONYMOUS)
    assert [(n.slug, [c.slug for c in n.children]) for n in tree] == [("living", ["sofas"])]

    top = MenuItem.objects.create(kind=MenuItemKind.CATEGORY, category=living, position=0)
    MenuItem.objects.create(kind=MenuItemKind.PAGE, url="/atelier/", label="Atelier", parent=top)
    MenuItem.objects.create(kind=MenuItemKind.CATEGORY, category=hidden, position=1)
    with django_assert_max_num_queries(4):
        menu = selectors.menu_tree(ANONYMOUS)
    assert [(n.label, n.slug, [(c.label, c.url) for c in n.children]) for n in menu] == [
        (living.name, "living", [("Atelier", "/atelier/")])
    ]


# --- Configuration -----------------------------------------------------------------
@pytest.fixture
def bespoke():
    product = ProductFactory(name="Aria", made_to_order=True, lead_time_days=56)
    fabric = services.option_group_create(
        product=product, code="fabric", name="Fabric", actor=MANAGER
    )
    services.option_choice_create(group=fabric, code="mohair", name="Mohair", actor=MANAGER)
    services.option_choice_create(group=fabric, code="linen", name="Linen", actor=MANAGER)
    services.option_group_create(
        product=product, code="legs", name="Legs", required=False, actor=MANAGER
    )
    services.dimension_range_set(
        product=product, axis="width", min_cm="200", max_cm="300", actor=MANAGER
    )
    return product


def test_valid_configuration(bespoke):
    config = validate_configuration(bespoke.pk, {"fabric": "mohair"}, {"width": "260"})
    assert [(o.group_code, o.choice_code) for o in config.options] == [("fabric", "mohair")]
    assert config.dimensions.width_cm == Decimal("260")
    assert [(c.axis, c.standard_cm, c.requested_cm) for c in config.custom_dimensions] == [
        ("width", Decimal("240.0"), Decimal("260"))
    ]


@pytest.mark.parametrize(
    ("options", "dimensions", "message"),
    [
        ({"colour": "red"}, None, "'colour' is not an option of Aria (options: fabric, legs)."),
        ({"fabric": "silk"}, None, "'silk' is not a Fabric choice (choices: mohair, linen)."),
        ({}, None, "Choose a Fabric."),
        (
            {"fabric": "linen"},
            {"width": "320"},
            "Width must be between 200.0 and 300.0 cm (got 320 cm).",
        ),
        (
            {"fabric": "linen"},
            {"width": "150"},
            "Width must be between 200.0 and 300.0 cm (got 150 cm).",
        ),
        ({"fabric": "linen"}, {"height": "90"}, "Height cannot be changed for Aria."),
        (
            {"fabric": "linen"},
            {"length": "90"},
            "Unknown dimension 'length'; use width, depth, height.",
        ),
        (
            [("fabric", "linen"), ("fabric", "mohair")],
            None,
            "Option 'fabric' is chosen more than once.",
        ),
    ],
)
def test_invalid_configurations_are_refused_with_a_clear_message(
    bespoke, options, dimensions, message
):
    with pytest.raises(ValidationFailed) as exc:
        validate_configuration(bespoke.pk, options, dimensions)
    assert exc.value.message == message


# --- Images ------------------------------------------------------------------------
def test_responsive_image_builds_webp_srcsets_without_queries(django_assert_num_queries):
    upload = SimpleUploadedFile("a.png", _png(1200, 900))
    image = services.image_upload(file=upload, alt_text="Aria in walnut", actor=MANAGER)
    with django_assert_num_queries(0):
        card = responsive_image(image, "card")
        hero = responsive_image(image, "hero")
    assert card.srcset.count("w, ") == 1
    assert card.srcset.endswith(" 960w")
    assert ".webp" in card.src
    assert card.alt == "Aria in walnut"
    assert (card.width, card.height) == (960, 720)
    assert ", " not in hero.srcset  # only the sizes the original can fill (never upscaled)
    assert (hero.width, hero.height) == (1200, 900)

    names = generate_thumbnails(image)
    assert names
    assert all(n.endswith(".webp") for n in names)
    assert card.src.endswith(names[1].rsplit("/", 1)[-1])


def _png(w, h):
    from atelier.catalog.tests.factories import image_bytes

    return image_bytes(size=(w, h))
