from decimal import Decimal

import factory

from atelier.org.models import Region
from atelier.pricing.enums import TaxDisplay
from atelier.pricing.models import OptionPrice, PriceEntry, PriceList, TaxRate


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ["code"]

    code = "eu"
    name = factory.LazyAttribute(lambda o: o.code.upper())
    currency = "EUR"
    countries = ["FR", "DE"]


class PriceListFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PriceList
        django_get_or_create = ["code"]

    code = factory.LazyAttribute(lambda o: o.region.code if o.region else "base")
    name = factory.LazyAttribute(lambda o: f"{o.code} prices")
    region = factory.SubFactory(RegionFactory)
    currency = factory.LazyAttribute(lambda o: o.region.currency if o.region else "EUR")
    tax_display = TaxDisplay.INCLUDED


class PriceEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PriceEntry

    price_list = factory.SubFactory(PriceListFactory)
    amount = Decimal("100.00")


class OptionPriceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OptionPrice

    price_list = factory.SubFactory(PriceListFactory)
    amount = Decimal("0")


class TaxRateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TaxRate

    country = "FR"
    state = ""
    rate = Decimal("20")
