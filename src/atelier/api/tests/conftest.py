"""A small priced catalog for the API tests: EU (VAT included) and US (sales tax added)."""

from decimal import Decimal

import pytest
from django.core.cache import cache as django_cache

from atelier.accounts.tests.factories import make_user
from atelier.catalog import services as catalog_services
from atelier.catalog.enums import Visibility
from atelier.catalog.models import Model3D
from atelier.catalog.tests.factories import (
    MANAGER,
    AttributeValueFactory,
    CategoryFactory,
    CollectionFactory,
    ProductFactory,
    ProductImageFactory,
    VariantFactory,
    glb_bytes,
)
from atelier.core.roles import Role
from atelier.pricing.enums import TaxDisplay
from atelier.pricing.models import DimensionPrice
from atelier.pricing.tests.factories import (
    OptionPriceFactory,
    PriceEntryFactory,
    PriceListFactory,
    RegionFactory,
    TaxRateFactory,
)

D = Decimal


@pytest.fixture(autouse=True)
def _fresh_cache_and_media(settings, tmp_path):
    """Every test starts with an empty cache (locmem outlives the test database)."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    django_cache.clear()
    yield
    django_cache.clear()


@pytest.fixture
def regions():
    eu = PriceListFactory(
        region=RegionFactory(code="eu", name="Europe", currency="EUR", countries=["FR", "DE"]),
        default_tax_country="FR",
    )
    us = PriceListFactory(
        region=RegionFactory(code="us", name="United States", currency="USD", countries=["US"]),
        tax_display=TaxDisplay.ADDED,
    )
    TaxRateFactory(country="FR", rate=D("20"))
    TaxRateFactory(country="DE", rate=D("19"))
    TaxRateFactory(country="US", state="NY", rate=D("4"))
    return {"eu": eu, "us": us}


@pytest.fixture
def shop(regions):
    """Living > Sofas; the made-to-order sofa "Aria" (EU 2 490.00, US 2 700.00) with two
    colours, a fabric option and a custom width; the lamp "Luce" (EU only, 390.00)."""
    living = CategoryFactory(name="Living", slug="living")
    sofas = CategoryFactory(name="Sofas", slug="sofas", parent=living)
    lighting = CategoryFactory(name="Lighting", slug="lighting")
    walnut = AttributeValueFactory(attribute__slug="colour", slug="walnut", name="Walnut")
    oak = AttributeValueFactory(attribute__slug="colour", slug="oak", name="Oak")
    aria = ProductFactory(
        name="Aria",
        slug="aria",
        category=sofas,
        made_to_order=True,
        lead_time_days=56,
        published=True,
    )
    aria_walnut = VariantFactory(product=aria, sku="ARIA-WAL", values=[walnut])
    aria_oak = VariantFactory(product=aria, sku="ARIA-OAK", values=[oak], position=1)
    for variant, eu, us in ((aria_walnut, "2490.00", "2700.00"), (aria_oak, "2690.00", "2900.00")):
        PriceEntryFactory(price_list=regions["eu"], variant=variant, amount=D(eu))
        PriceEntryFactory(price_list=regions["us"], variant=variant, amount=D(us))
    ProductImageFactory(product=aria)
    fabric = catalog_services.option_group_create(
        product=aria, code="fabric", name="Fabric", actor=MANAGER
    )
    linen = catalog_services.option_choice_create(
        group=fabric, code="linen", name="Linen", actor=MANAGER
    )
    mohair = catalog_services.option_choice_create(
        group=fabric, code="mohair", name="Mohair", actor=MANAGER
    )
    OptionPriceFactory(price_list=regions["eu"], choice=linen, amount=D("0"))
    OptionPriceFactory(price_list=regions["eu"], choice=mohair, amount=D("450.00"))
    catalog_services.dimension_range_set(
        product=aria, axis="width", min_cm="200", max_cm="300", actor=MANAGER
    )
    DimensionPrice.objects.create(
        price_list=regions["eu"],
        product=aria,
        axis="width",
        step_cm=D("10"),
        amount_per_step=D("60.00"),
    )
    Model3D.objects.create(
        product=aria, file="catalog/models/aria.glb", label="Aria 3D", size_bytes=len(glb_bytes())
    )
    luce = ProductFactory(name="Luce", slug="luce", category=lighting, published=True)
    luce_variant = VariantFactory(product=luce, sku="LUCE-1")
    PriceEntryFactory(price_list=regions["eu"], variant=luce_variant, amount=D("390.00"))
    return {
        "aria": aria,
        "aria_walnut": aria_walnut,
        "aria_oak": aria_oak,
        "luce": luce,
        "luce_variant": luce_variant,
        "mohair": mohair,
        "linen": linen,
        "living": living,
        "sofas": sofas,
    }


@pytest.fixture
def private(shop, regions):
    """The "Atelier privé" collection: one private, priced product, granted to Clara."""
    clara = make_user(Role.CUSTOMER, "clara@example.com")
    secret = ProductFactory(name="Secret", slug="secret", category=shop["sofas"], published=True)
    variant = VariantFactory(product=secret, sku="SECRET-1")
    PriceEntryFactory(price_list=regions["eu"], variant=variant, amount=D("9900.00"))
    collection = CollectionFactory(
        name="Atelier privé", slug="prive", visibility=Visibility.PRIVATE, products=[secret]
    )
    collection.granted_users.add(clara)
    bruno = make_user(Role.CUSTOMER, "bruno@example.com")
    return {"secret": secret, "collection": collection, "clara": clara, "bruno": bruno}
