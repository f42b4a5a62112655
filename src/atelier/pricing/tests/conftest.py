from decimal import Decimal

import pytest

from atelier.catalog import services as catalog_services
from atelier.catalog.tests.factories import MANAGER, ProductFactory, VariantFactory
from atelier.pricing.enums import TaxDisplay
from atelier.pricing.tests.factories import (
    PriceEntryFactory,
    PriceListFactory,
    RegionFactory,
    TaxRateFactory,
)

D = Decimal


@pytest.fixture
def regions():
    """EU (EUR, VAT incl., FR default), UK = 88 % of EU rounded up to .00,
    CH = 108 % of EU rounded up to ..90 per hundred, US (USD, sales tax added)."""
    eu = PriceListFactory(
        region=RegionFactory(code="eu", currency="EUR", countries=["FR", "DE"]),
        default_tax_country="FR",
    )
    uk = PriceListFactory(
        region=RegionFactory(code="uk", currency="GBP", countries=["GB"]),
        base_list=eu,
        percentage=D("88"),
        rounding_step=D("1"),
        rounding_ending=D("0"),
    )
    ch = PriceListFactory(
        region=RegionFactory(code="ch", currency="CHF", countries=["CH"]),
        base_list=eu,
        percentage=D("108"),
        rounding_step=D("100"),
        rounding_ending=D("90"),
    )
    us = PriceListFactory(
        region=RegionFactory(code="us", currency="USD", countries=["US"]),
        tax_display=TaxDisplay.ADDED,
    )
    for country, rate in (("FR", "20"), ("DE", "19"), ("GB", "20"), ("CH", "8.1")):
        TaxRateFactory(country=country, rate=D(rate))
    TaxRateFactory(country="US", state="CA", rate=D("7.25"))
    TaxRateFactory(country="US", state="NY", rate=D("4"))
    return {"eu": eu, "uk": uk, "ch": ch, "us": us}


@pytest.fixture
def sofa(regions):
    """A made-to-order sofa: EU 2 490.00, US 2 700.00 net; fabric options; width 200-300."""
    product = ProductFactory(name="Aria", made_to_order=True, lead_time_days=56, published=True)
    variant = VariantFactory(product=product, sku="ARIA-240")
    PriceEntryFactory(price_list=regions["eu"], variant=variant, amount=D("2490.00"))
    PriceEntryFactory(price_list=regions["us"], variant=variant, amount=D("2700.00"))
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
    return {"product": product, "variant": variant, "linen": linen, "mohair": mohair}
