"""A small shop for storefront tests: regions with prices and taxes, a category tree, a
menu, public and private collections, and products with variants, options and sizes.

Built with the catalog and pricing factories (and services where they carry rules).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from atelier.catalog import services as catalog_services
from atelier.catalog.enums import CollectionKind, MenuItemKind, Visibility
from atelier.catalog.images import generate_thumbnails
from atelier.catalog.models import Collection, MenuItem, Product
from atelier.catalog.tests.factories import (
    MANAGER,
    AttributeValueFactory,
    CategoryFactory,
    CollectionFactory,
    ManufacturerFactory,
    MediaImageFactory,
    ProductFactory,
    ProductImageFactory,
    VariantFactory,
)
from atelier.pricing.enums import TaxDisplay
from atelier.pricing.models import DimensionPrice, OptionPrice, PriceList
from atelier.pricing.tests.factories import (
    PriceEntryFactory,
    PriceListFactory,
    RegionFactory,
    TaxRateFactory,
)

D = Decimal
NAMES = ["Aria", "Brera", "Cala", "Dora", "Elba", "Fiora", "Gavi", "Isola", "Lario", "Mira"]


@dataclass
class Shop:
    eu: PriceList
    uk: PriceList
    us: PriceList
    living: object
    sofas: object
    chairs: object
    riviera: Collection
    private: Collection
    sofa: Product  # made to order, fabric options, width 200-300 cm
    secret: Product  # only in the private collection
    products: list[Product] = field(default_factory=list)


def price_lists() -> tuple[PriceList, PriceList, PriceList]:
    """EU (EUR, VAT included, France by default), UK = 88 % of EU (GBP), US (USD, sales
    tax added by state)."""
    eu = PriceListFactory(
        region=RegionFactory(
            code="eu", name="Europe", currency="EUR", countries=["FR", "DE", "IT"]
        ),
        default_tax_country="FR",
    )
    uk = PriceListFactory(
        region=RegionFactory(code="uk", name="United Kingdom", currency="GBP", countries=["GB"]),
        base_list=eu,
        percentage=D("88"),
        rounding_step=D("1"),
        rounding_ending=D("0"),
    )
    us = PriceListFactory(
        region=RegionFactory(code="us", name="United States", currency="USD", countries=["US"]),
        tax_display=TaxDisplay.ADDED,
    )
    for country, rate in (("FR", "20"), ("DE", "19"), ("IT", "22"), ("GB", "20")):
        TaxRateFactory(country=country, rate=D(rate))
    TaxRateFactory(country="US", state="CA", rate=D("7.25"))
    return eu, uk, us


def priced_product(eu, us, *, name, slug, category, eu_amount, images=0, **fields) -> Product:
    walnut = AttributeValueFactory(attribute__slug="wood", attribute__name="Wood", slug="walnut")
    oak = AttributeValueFactory(attribute__slug="wood", attribute__name="Wood", slug="oak")
    product = ProductFactory(name=name, slug=slug, category=category, published=True, **fields)
    first = VariantFactory(product=product, name="", values=[walnut])
    second = VariantFactory(product=product, name="", values=[oak])
    for variant, extra in ((first, D(0)), (second, D(200))):
        PriceEntryFactory(price_list=eu, variant=variant, amount=eu_amount + extra)
        PriceEntryFactory(price_list=us, variant=variant, amount=eu_amount + extra + 300)
    for _ in range(images):
        image = MediaImageFactory(alt_text=f"{name} in a bright room")
        ProductImageFactory(product=product, image=image)
        generate_thumbnails(image)
    return product


def build_shop(count: int = 30, *, images: int = 0) -> Shop:
    """`count` public products (more than a page of 24) plus one private piece."""
    eu, uk, us = price_lists()
    maker = ManufacturerFactory(code="brianza", name="Brianza Upholstery", country="IT")
    living = CategoryFactory(name="Living", slug="living")
    sofas = CategoryFactory(name="Sofas", slug="sofas", parent=living)
    chairs = CategoryFactory(name="Armchairs", slug="armchairs", parent=living)
    products = []
    for i in range(count):
        made = i % 3 == 0
        products.append(
            priced_product(
                eu,
                us,
                name=f"{NAMES[i % len(NAMES)]} {'sofa' if i % 2 else 'armchair'} {i:02d}",
                slug=f"piece-{i:02d}",
                category=sofas if i % 2 else chairs,
                eu_amount=D(1000 + 100 * i),
                images=images,
                manufacturer=maker,
                made_to_order=made,
                lead_time_days=56 if made else None,
                materials="Walnut, linen",
                care_notes="Vacuum gently.\nKeep out of direct sun.",
                description=f"<p>A deep, generous piece, number {i}.</p>",
            )
        )
    sofa = products[1]
    _configurable(sofa, eu, us)
    riviera = CollectionFactory(
        name="Riviera",
        slug="riviera",
        description="<p>Walnut, travertine and linen.</p>",
        products=products[:12],
    )
    private = CollectionFactory(
        name="Atelier privé",
        slug="prive",
        visibility=Visibility.PRIVATE,
        kind=CollectionKind.MANUAL,
    )
    secret = priced_product(
        eu,
        us,
        name="Secret cabinet",
        slug="secret-cabinet",
        category=living,
        eu_amount=D("9000"),
        manufacturer=maker,
    )
    catalog_services.collection_set_products(collection=private, products=[secret], actor=MANAGER)
    _menu(living, sofas, chairs, riviera)
    return Shop(eu, uk, us, living, sofas, chairs, riviera, private, sofa, secret, products)


def _configurable(product: Product, eu, us) -> None:
    product.made_to_order, product.lead_time_days = True, 56
    product.save(update_fields=["made_to_order", "lead_time_days"])
    fabric = catalog_services.option_group_create(
        product=product, code="fabric", name="Fabric", actor=MANAGER
    )
    linen = catalog_services.option_choice_create(
        group=fabric, code="linen", name="Linen", actor=MANAGER
    )
    mohair = catalog_services.option_choice_create(
        group=fabric, code="mohair", name="Mohair", actor=MANAGER
    )
    catalog_services.dimension_range_set(
        product=product, axis="width", min_cm="200", max_cm="300", actor=MANAGER
    )
    for price_list in (eu, us):
        OptionPrice.objects.create(price_list=price_list, choice=linen, amount=D("0"))
        OptionPrice.objects.create(price_list=price_list, choice=mohair, amount=D("350.00"))
        DimensionPrice.objects.create(
            price_list=price_list,
            product=product,
            axis="width",
            step_cm=D("10"),
            amount_per_step=D("45.00"),
        )


def _menu(living, sofas, chairs, riviera) -> None:
    top = MenuItem.objects.create(kind=MenuItemKind.CATEGORY, category=living, position=0)
    MenuItem.objects.create(kind=MenuItemKind.CATEGORY, category=sofas, parent=top, position=0)
    MenuItem.objects.create(kind=MenuItemKind.CATEGORY, category=chairs, parent=top, position=1)
    MenuItem.objects.create(kind=MenuItemKind.COLLECTION, collection=riviera, position=1)
