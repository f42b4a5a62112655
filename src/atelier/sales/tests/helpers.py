"""Builders for sales tests: regions with prices and taxes, pieces (stock, made to order,
private, unpublished), stock in the warehouse, users per role, and row counts."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from atelier.accounts.roles import ROLE_CAPABILITIES
from atelier.accounts.tests.factories import make_boutique
from atelier.catalog import services as catalog_services
from atelier.catalog.enums import Visibility
from atelier.catalog.tests.factories import (
    MANAGER,
    CollectionFactory,
    ProductFactory,
    VariantFactory,
)
from atelier.core.actor import Actor, system_actor
from atelier.core.models import OutboxMessage, StatusChange
from atelier.core.roles import Role
from atelier.inventory import services as inventory_services
from atelier.inventory.enums import MoveReason
from atelier.inventory.models import Location
from atelier.org.models import Warehouse
from atelier.pricing.enums import TaxDisplay
from atelier.pricing.models import DimensionPrice, OptionPrice
from atelier.pricing.tests.factories import (
    PriceEntryFactory,
    PriceListFactory,
    RegionFactory,
    TaxRateFactory,
)
from atelier.sales.models import (
    Address,
    Cart,
    CartLine,
    CreditNote,
    Invoice,
    InvoiceLine,
    OrderLine,
    SalesOrder,
)

D = Decimal
SYSTEM = system_actor("test")
GUEST = Actor(user_id=None, label="guest", roles=frozenset({"guest"}))
ADDRESS_FR = {
    "name": "Camille Martin",
    "line1": "12 rue du Bac",
    "postcode": "75007",
    "city": "Paris",
    "country": "FR",
}
ADDRESS_CA = {
    "name": "Jordan Lee",
    "line1": "1 Market St",
    "postcode": "94105",
    "city": "San Francisco",
    "state": "CA",
    "country": "US",
}
TABLES = (Cart, CartLine, SalesOrder, OrderLine, Address, Invoice, InvoiceLine, CreditNote)


def actor(role: Role, *, boutiques=(), regions=(), user_id=None) -> Actor:
    """An Actor of `role` with the role's capabilities (no user row needed)."""
    return Actor(
        user_id=user_id,
        label=role.label,
        roles=frozenset({role.value}),
        permissions=frozenset(c.perm for c in ROLE_CAPABILITIES[role]),
        boutique_ids=frozenset(boutiques),
        region_ids=frozenset(regions),
    )


def counts() -> dict[str, int]:
    """Rows per sales table (and audit/outbox), to assert that a refusal wrote nothing."""
    found = {model.__name__: model.objects.count() for model in TABLES}
    found["StatusChange"] = StatusChange.objects.count()
    found["OutboxMessage"] = OutboxMessage.objects.count()
    return found


@dataclass
class World:
    eu: object  # org.Region
    us: object
    paris: object  # org.Boutique (EU)
    new_york: object  # org.Boutique (US)
    lamp: object  # stocked variant LUMEN-1: EUR 450.00 (VAT incl.), USD 500.00 (+ tax)
    sofa: object  # made-to-order variant ARIA-240: EUR 2 490.00; mohair +350; width +40/10 cm
    secret: object  # variant SECRET-1 of a product in a private collection
    draft: object  # variant DRAFT-1 of an unpublished product
    collection: object  # the private collection
    warehouse: Location


def make_world() -> World:
    eu = RegionFactory(code="eu", currency="EUR", countries=["FR", "DE"])
    us = RegionFactory(code="us", currency="USD", countries=["US"])
    eu_list = PriceListFactory(region=eu, default_tax_country="FR")
    us_list = PriceListFactory(region=us, tax_display=TaxDisplay.ADDED)
    for country, rate in (("FR", "20"), ("DE", "19")):
        TaxRateFactory(country=country, rate=D(rate))
    TaxRateFactory(country="US", state="CA", rate=D("7.25"))
    TaxRateFactory(country="US", state="NY", rate=D("4"))
    paris, new_york = make_boutique("paris", eu), make_boutique("new-york", us)
    Warehouse.objects.create(code="central", name="Central", city="Lyon", country="FR")
    inventory_services.locations_sync(actor=SYSTEM)
    lamp = _piece("LUMEN-1", "Lumen lamp", eu_list, us_list, "450.00", "500.00")
    sofa = _made_to_order_sofa(eu_list, us_list)
    secret = _piece("SECRET-1", "Edition zero", eu_list, us_list, "900.00", "1000.00")
    collection = CollectionFactory(
        slug="atelier-edition", visibility=Visibility.PRIVATE, products=[secret.product]
    )
    draft = VariantFactory(sku="DRAFT-1", product=ProductFactory(name="Draft chair"))
    PriceEntryFactory(price_list=eu_list, variant=draft, amount=D("300.00"))
    warehouse = Location.objects.get(kind="warehouse")
    stock(lamp, warehouse, 5)
    stock(secret, warehouse, 2)
    return World(eu, us, paris, new_york, lamp, sofa, secret, draft, collection, warehouse)


def _piece(sku, name, eu_list, us_list, eur, usd):
    variant = VariantFactory(sku=sku, product=ProductFactory(name=name, published=True))
    PriceEntryFactory(price_list=eu_list, variant=variant, amount=D(eur))
    PriceEntryFactory(price_list=us_list, variant=variant, amount=D(usd))
    return variant


def _made_to_order_sofa(eu_list, us_list):
    product = ProductFactory(
        name="Aria sofa", made_to_order=True, lead_time_days=56, published=True
    )
    variant = VariantFactory(sku="ARIA-240", product=product)
    PriceEntryFactory(price_list=eu_list, variant=variant, amount=D("2490.00"))
    PriceEntryFactory(price_list=us_list, variant=variant, amount=D("2700.00"))
    fabric = catalog_services.option_group_create(
        product=product, code="fabric", name="Fabric", actor=MANAGER
    )
    for code, name, eur in (("linen", "Linen", "0"), ("mohair", "Mohair", "350.00")):
        choice = catalog_services.option_choice_create(
            group=fabric, code=code, name=name, actor=MANAGER
        )
        OptionPrice.objects.create(price_list=eu_list, choice=choice, amount=D(eur))
        OptionPrice.objects.create(price_list=us_list, choice=choice, amount=D(eur))
    catalog_services.dimension_range_set(
        product=product, axis="width", min_cm="200", max_cm="300", actor=MANAGER
    )
    DimensionPrice.objects.create(
        price_list=eu_list, product=product, axis="width", step_cm=D("10"), amount_per_step=D("40")
    )
    return variant


def stock(variant, location, quantity: int) -> None:
    inventory_services.stock_adjust(
        location=location,
        variant_id=variant.pk,
        quantity=quantity,
        reason=MoveReason.OPENING_BALANCE,
        actor=SYSTEM,
    )


_rows = iter(range(1, 10**6))


def order_row(status: str = "draft", **fields) -> SalesOrder:
    """A bare order in `status` (tests of the table and of access only; the product makes
    orders through services)."""
    n = next(_rows)
    values = {
        "number": f"SO-2000-{n:06d}",
        "status": status,
        "channel": "online",
        "region_code": "eu",
        "currency": "EUR",
        "tax_display": "included",
        "email": f"buyer{n}@example.com",
        **fields,
    }
    return SalesOrder.objects.create(**values)


def order_line_row(order: SalesOrder, variant) -> OrderLine:
    return OrderLine.objects.create(
        order=order,
        position=1,
        ref="L1",
        kind="stock",
        variant=variant,
        sku=variant.sku,
        product_id=variant.product_id,
        product_name="Piece",
        quantity=1,
        finalisation="final",
    )
