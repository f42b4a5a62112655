"""The demo catalog (issue 3), loaded once for this module with small pictures.

The whole demo (every step in `loader.STEPS`) is loaded through `manage.py load_demo` in
an outer transaction that is rolled back when the module ends; each test runs in its own
savepoint on top of it.
"""

from collections import Counter
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files import File
from django.core.files.storage import FileSystemStorage
from django.core.management.base import CommandError
from django.db import transaction
from django.test import override_settings

from atelier.accounts.actors import actor_for
from atelier.accounts.models import User
from atelier.catalog.enums import Channel, PublicationStatus, Visibility
from atelier.catalog.models import (
    Category,
    Collection,
    DimensionRange,
    MediaImage,
    MenuItem,
    Model3D,
    OptionChoice,
    OptionGroup,
    Product,
    ProductImage,
    ProductionFile,
    ProductPublication,
    ProductVariant,
)
from atelier.catalog.selectors import (
    collections_visible_to,
    get_product_for,
    menu_tree,
    products_visible_to,
)
from atelier.catalog.validators import sniff_production_file
from atelier.core.actor import ANONYMOUS
from atelier.core.errors import NotFound
from atelier.core.models import StatusChange
from atelier.customers.models import CustomerGroup
from atelier.demo import catalog_data as data
from atelier.demo import loader
from atelier.demo.tests.conftest import run
from atelier.pricing import facade as pricing
from atelier.pricing.models import DimensionPrice, OptionPrice, PriceEntry, PriceList, TaxRate

pytestmark = pytest.mark.django_db

EMAIL = "{}@demo.atelier.example"
CHARLOTTE, LEA, JAMES = (EMAIL.format(f"customer.{n}") for n in ("charlotte", "lea", "james"))
EMERALD = ("sorrento-tuxedo-sofa", "conca-shell-chair")
NERO = ("ellisse-oval-table", "cassa-sideboard-ebonised-and-nero", "luna-globe-lamp-nero-marquina")


@pytest.fixture(scope="module", autouse=True)
def catalog_demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The whole demo, DEMO_MEDIA="small", files in a temporary folder."""
    root = tmp_path_factory.mktemp("catalog-demo")
    field = ProductionFile._meta.get_field("file")
    with (
        django_db_blocker.unblock(),
        override_settings(
            DEMO_MEDIA="small",
            DEMO_MEDIA_CACHE=None,
            DEMO_MEDIA_WORKERS=0,
            MEDIA_ROOT=str(root / "media"),
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        ),
        pytest.MonkeyPatch.context() as patch,
    ):
        patch.setattr(field, "storage", FileSystemStorage(location=root / "private"))
        # Orders and the pipeline need real commits (their own tests load them).
        patch.setattr(loader, "AFTER_COMMIT_STEPS", [])
        with transaction.atomic():
            yield SimpleNamespace(output=run("load_demo"), private=root / "private")
            transaction.set_rollback(True)


def user(email: str) -> User:
    return User.objects.get(email=email)


def published_products():
    return Product.objects.filter(
        publications__channel=Channel.ONLINE, publications__status=PublicationStatus.PUBLISHED
    )


# --- What the catalog holds -------------------------------------------------------------


def test_sixty_products_in_eight_categories(catalog_demo):
    assert Product.objects.count() == 60
    assert list(Category.objects.order_by("position").values_list("name", flat=True)) == [
        "Sofas",
        "Armchairs",
        "Dining tables",
        "Dining chairs",
        "Beds",
        "Storage",
        "Lighting",
        "Rugs",
    ]
    per_category = Counter(Product.objects.values_list("category__slug", flat=True))
    assert set(per_category) == {c.slug for c in data.CATEGORIES}
    assert all(7 <= n <= 8 for n in per_category.values())
    assert "products 60 (60 new)" in catalog_demo.output


def test_products_are_complete(catalog_demo):
    for product in Product.objects.prefetch_related("variants__variant_values"):
        assert product.description.startswith("<p>"), product.slug
        assert product.materials, product.slug
        assert product.care_notes, product.slug
        assert product.weight_kg > 0, product.slug
        assert product.width_cm > 0
        assert product.depth_cm > 0
        assert product.height_cm > 0
        assert product.lead_time_days, product.slug
        variants = list(product.variants.all())
        assert variants, product.slug
        for variant in variants:
            assert variant.sku.startswith("AT-")
            assert len(variant.barcode) == 13
            assert variant.variant_values.all(), variant.sku
    sofa = Product.objects.get(slug="hollis-two-seat-sofa")
    assert [v.name for v in sofa.variants.all()] == [
        "Compact, 150 cm",
        "Standard, 180 cm",
        "Grand, 220 cm",
    ]
    assert {vv.value.name for vv in sofa.variants.first().variant_values.all()} == {
        "Compact",
        "Terracotta linen",
        "Natural oak",
    }


def test_descriptions_are_sanitised_html(catalog_demo):
    alba = Product.objects.get(slug="alba-three-seat-sofa")
    assert "<script" not in alba.description
    assert "<strong>Made to order in Meda.</strong>" in alba.description


def test_each_workshop_makes_what_it_is_good_at(catalog_demo):
    maker = dict(Product.objects.values_list("slug", "manufacturer__code"))
    assert maker["alba-three-seat-sofa"] == "meroni"  # upholstery: Brianza
    assert maker["orso-club-chair"] == "meroni"
    assert maker["somnus-upholstered-bed"] == "meroni"
    assert maker["linea-dining-table"] == "zanin"  # joinery: Friuli
    assert maker["arco-dining-chair"] == "zanin"
    assert maker["kyoto-platform-bed"] == "zanin"
    assert maker["tondo-pedestal-table"] == "marmi-apuani"  # marble: Carrara
    assert maker["monolith-dining-table"] == "marmi-apuani"
    assert maker["onda-fluted-sideboard"] == "hartwell-lane"  # cabinets: Cotswolds
    assert maker["stelo-floor-lamp"] == "lys-form"  # lighting: Copenhagen
    assert maker["dune-hand-tufted-rug"] == "arraiolos"  # rugs: Portugal
    assert len(set(maker.values())) == 6


def test_made_to_order_products_have_options_and_custom_sizes(catalog_demo):
    made = Product.objects.filter(made_to_order=True)
    assert made.count() >= 10
    for product in made:
        assert OptionGroup.objects.filter(product=product).exists(), product.slug
        assert DimensionRange.objects.filter(product=product).exists(), product.slug
        assert product.lead_time_days >= product.manufacturer.lead_time_days + 14
    kinds = set(OptionGroup.objects.values_list("kind", flat=True))
    assert kinds == {"fabric", "finish"}
    alba = Product.objects.get(slug="alba-three-seat-sofa")
    assert list(alba.dimension_ranges.values_list("axis", "min_cm", "max_cm")) == [
        ("depth", Decimal("95.0"), Decimal("110.0")),
        ("width", Decimal("180.0"), Decimal("300.0")),
    ]
    assert OptionChoice.objects.filter(group__product=alba, group__code="fabric").count() == 9


def test_option_choices_have_swatches(catalog_demo):
    choices = OptionChoice.objects.select_related("swatch")
    assert choices.count() == 114
    assert all(c.swatch is not None for c in choices)
    velvet = choices.filter(code="velvet-sage").first().swatch
    assert (velvet.width, velvet.height) == (64, 64)
    assert velvet.alt_text == "Swatch of Cotton velvet, sage"
    assert len({c.swatch_id for c in choices}) == 31  # one picture per material, shared


def test_pictures_models_and_production_files(catalog_demo):
    for product in Product.objects.prefetch_related("images__image"):
        images = list(product.images.all())
        assert 2 <= len(images) <= 3, product.slug
        assert all(i.image.alt_text.startswith(product.name) for i in images)
        assert all((i.image.width, i.image.height) == (320, 240) for i in images)
    assert Model3D.objects.count() == 11
    assert set(Model3D.objects.values_list("product__slug", flat=True)) == {
        p.slug for p in data.PRODUCTS if p.look.model
    }
    assert all(c.hero_image_id for c in Collection.objects.all())
    assert all(c.image_id for c in Category.objects.all())
    files = Counter(ProductionFile.objects.values_list("kind", flat=True))
    assert files["assembly"] == 60
    assert files["cad"] == len({p.slug for p in data.PRODUCTS if p.model_3d or p.is_made_to_order})
    guide = ProductionFile.objects.filter(kind="assembly").first()
    with (catalog_demo.private / guide.file.name).open("rb") as handle:
        assert sniff_production_file(File(handle)) == "pdf"


# --- Collections, groups and the menu ---------------------------------------------------


def test_collections(catalog_demo):
    public = Collection.objects.filter(visibility=Visibility.PUBLIC)
    private = Collection.objects.filter(visibility=Visibility.PRIVATE)
    assert 4 <= public.count() <= 6
    assert sorted(private.values_list("slug", "max_quantity")) == [
        ("emerald-salon", 12),
        ("nero-marquina-atelier", 8),
    ]
    assert not any(c.video_url for c in Collection.objects.all())
    autumn = Collection.objects.get(slug="autumn")
    assert autumn.name == "Autumn in Brianza"
    assert autumn.entries.count() == 9


def test_private_collections_are_granted_one_directly_one_through_a_group(catalog_demo):
    emerald = Collection.objects.get(slug="emerald-salon")
    nero = Collection.objects.get(slug="nero-marquina-atelier")
    circle = CustomerGroup.objects.get(slug="collectors-circle")

    assert list(emerald.granted_users.values_list("email", flat=True)) == [CHARLOTTE]
    assert not emerald.granted_groups.exists()
    assert list(nero.granted_groups.all()) == [circle]
    assert not nero.granted_users.exists()
    assert list(circle.members.values_list("email", flat=True)) == [LEA]


@pytest.mark.parametrize(
    ("email", "sees"),
    [(CHARLOTTE, EMERALD), (LEA, NERO), (JAMES, ()), (None, ())],
)
def test_private_products_are_seen_only_by_their_customers(catalog_demo, email, sees):
    actor = actor_for(user(email)) if email else ANONYMOUS
    visible = set(products_visible_to(actor).values_list("slug", flat=True))

    assert set(EMERALD + NERO) & visible == set(sees)
    assert len(visible) == 57 - len(EMERALD + NERO) + len(sees)
    for slug in set(EMERALD + NERO) - set(sees):
        with pytest.raises(NotFound):
            get_product_for(actor, slug)
    collections = set(collections_visible_to(actor).values_list("slug", flat=True))
    private = {"emerald-salon": EMERALD, "nero-marquina-atelier": NERO}
    assert {s for s in collections if s in private} == {s for s, p in private.items() if p == sees}


def test_main_menu(catalog_demo):
    menu = menu_tree(ANONYMOUS)

    assert [node.label for node in menu] == [
        *(c.name for c in data.CATEGORIES),
        "Collections",
        "Made to order",
    ]
    collections = menu[8]
    assert collections.url == "/collections/"
    assert [n.slug for n in collections.children] == [
        "autumn",
        "ivory-and-walnut",
        "long-table-suppers",
        "carrara-stone",
    ]
    assert (menu[9].kind, menu[9].slug) == ("collection", "made-to-measure")
    assert MenuItem.objects.filter(menu="main").count() == 14


# --- Publication ------------------------------------------------------------------------


def test_almost_everything_is_published_in_both_channels(catalog_demo):
    statuses = Counter(ProductPublication.objects.values_list("channel", "status"))
    for channel in Channel.values:
        assert statuses[(channel, PublicationStatus.PUBLISHED)] == 57
        assert statuses[(channel, PublicationStatus.DRAFT)] == 2
        assert statuses[(channel, PublicationStatus.IN_REVIEW)] == 1
    in_review = ProductPublication.objects.filter(status=PublicationStatus.IN_REVIEW)
    assert {p.product.slug for p in in_review} == {"capri-tuxedo-sofa"}


def test_the_designer_submits_and_the_ecommerce_manager_approves(catalog_demo):
    publications = ContentType.objects.get_for_model(ProductPublication)
    changes = StatusChange.objects.filter(content_type=publications).select_related("actor")
    moves = Counter((c.to_status, c.actor.email) for c in changes)
    assert moves == {
        (PublicationStatus.IN_REVIEW, EMAIL.format("designer")): 116,
        (PublicationStatus.PUBLISHED, EMAIL.format("ecommerce.manager")): 114,
    }
    alba = Product.objects.get(slug="alba-three-seat-sofa")
    assert alba.history.get().history_user.email == EMAIL.format("ecommerce.manager")


# --- Prices -----------------------------------------------------------------------------


def test_four_price_lists(catalog_demo):
    lists = {p.code: p for p in PriceList.objects.select_related("region", "base_list")}
    assert {c: (p.region.code, p.currency) for c, p in lists.items()} == {
        "eu-eur": ("eu", "EUR"),
        "uk-gbp": ("uk", "GBP"),
        "ch-chf": ("ch", "CHF"),
        "us-usd": ("us", "USD"),
    }
    assert lists["uk-gbp"].base_list.code == lists["ch-chf"].base_list.code == "eu-eur"
    assert lists["us-usd"].base_list is None
    assert lists["us-usd"].tax_display == "added"


def test_every_published_product_is_priced_in_every_region(catalog_demo):
    ids = list(
        ProductVariant.objects.filter(product__in=published_products()).values_list("pk", flat=True)
    )
    assert len(ids) > 57
    for region in ("eu", "uk", "ch", "us"):
        prices = pricing.prices_for_variants(ids, region)
        assert set(prices) == set(ids), region


def price(sku: str, region: str, **kwargs):
    variant = ProductVariant.objects.get(sku=sku)
    return pricing.quote(variant_id=variant.pk, region_code=region, **kwargs)


ALBA = {"fabric": "boucle-ivory", "legs": "walnut"}


@pytest.mark.parametrize(
    ("sku", "options", "expected"),
    [
        ("AT-SOF-001", ALBA, {"eu": "14800", "uk": "12795", "ch": "14590", "us": "14050"}),
        ("AT-SOF-002-L", None, {"eu": "16100", "uk": "13895", "ch": "15790", "us": "15300"}),
        ("AT-CHR-024", None, {"eu": "1450", "uk": "1295", "ch": "1490", "us": "1380"}),
        ("AT-TBL-019-M", None, {"eu": "11500", "uk": "9895", "ch": "11290", "us": "10950"}),
    ],
)
def test_spot_check_prices(catalog_demo, sku, options, expected):
    for region, amount in expected.items():
        quote = price(sku, region, options=options or ())
        assert quote.unit_display.amount == Decimal(amount), (sku, region)


def test_made_to_order_add_ons_in_each_region(catalog_demo):
    configured = {"fabric": "velvet-sage", "legs": "walnut"}
    totals = {
        region: price("AT-SOF-001", region, options=configured, dimensions={"width": "250"})
        for region in ("eu", "uk", "ch", "us")
    }
    assert {r: q.unit_display.amount for r, q in totals.items()} == {
        "eu": Decimal("16660.00"),  # 14 800 + 900 velvet + 3 x 320 for 30 cm more
        "uk": Decimal("14394.60"),  # 12 795 + (900 + 960) x 86 %
        "ch": Decimal("16412.80"),  # 14 590 + (900 + 960) x 98 %
        "us": Decimal("15810.00"),  # 14 050 + 860 + 3 x 300
    }


def test_taxes(catalog_demo):
    eu = price("AT-SOF-001", "eu", options=ALBA)
    assert (eu.tax_country, eu.tax_rate, eu.unit_tax.amount) == ("IT", 22, Decimal("2668.85"))
    france = price("AT-SOF-001", "eu", options=ALBA, country="FR")
    assert (france.unit_gross.amount, france.unit_tax.amount) == (14800, Decimal("2466.67"))
    uk = price("AT-CHR-024", "uk")
    assert (uk.tax_rate, uk.unit_tax.amount) == (20, Decimal("215.83"))
    swiss = price("AT-CHR-024", "ch")
    assert (swiss.tax_rate, swiss.unit_tax.amount) == (Decimal("8.1"), Decimal("111.65"))
    us = price("AT-SOF-001", "us", options=ALBA)
    assert not us.tax_determined
    assert us.unit_tax.amount == 0
    new_york = price("AT-SOF-001", "us", options=ALBA, state="NY")
    assert (new_york.unit_tax.amount, new_york.unit_gross.amount) == (562, 14612)
    california = price("AT-SOF-001", "us", options=ALBA, state="CA")
    assert california.unit_tax.amount == Decimal("1018.63")
    assert TaxRate.objects.filter(country="US").count() == 51


# --- Loading again, and production ------------------------------------------------------

COUNTED = (
    Category,
    Product,
    ProductVariant,
    OptionGroup,
    OptionChoice,
    DimensionRange,
    MediaImage,
    ProductImage,
    Model3D,
    ProductionFile,
    Collection,
    MenuItem,
    CustomerGroup,
    PriceList,
    PriceEntry,
    OptionPrice,
    DimensionPrice,
    TaxRate,
    StatusChange,
)
HISTORY = (Category, Product, ProductVariant, Collection, CustomerGroup, PriceList, PriceEntry)
HISTORY += (OptionPrice, DimensionPrice, TaxRate)


def snapshot() -> dict:
    counts = {m.__name__: m.objects.count() for m in COUNTED}
    counts.update({f"history {m.__name__}": m.history.count() for m in HISTORY})
    counts["grants"] = Collection.granted_users.through.objects.count()
    counts["group grants"] = Collection.granted_groups.through.objects.count()
    counts["members"] = CustomerGroup.members.through.objects.count()
    counts["statuses"] = sorted(ProductPublication.objects.values_list("status", flat=True))
    return counts


def test_loading_again_creates_nothing_and_writes_no_history(settings):
    settings.DEMO_MEDIA = "small"
    before = snapshot()

    output = run("load_demo")

    assert snapshot() == before
    assert "products 60 (0 new)" in output
    assert " new)" not in output.replace("(0 new)", "")


def test_still_refused_in_production(settings):
    settings.PRODUCTION = True
    before = snapshot()

    with pytest.raises(CommandError, match="production"):
        run("load_demo")

    assert snapshot() == before


def test_demo_accounts_says_who_sees_which_private_collection():
    table = run("demo_accounts")

    lines = table.split("Private collections")[1].strip().splitlines()
    assert "emerald-salon" in lines[1]
    assert f"{CHARLOTTE} (granted directly)" in lines[1]
    assert "nero-marquina-atelier" in lines[2]
    assert f"{LEA} (member of Collectors' circle)" in lines[2]
    assert JAMES not in "".join(lines)
