"""Every tax rule, in one place.

- Rates: `TaxRate` per country (VAT), or per US state (sales tax). A state rate wins over
  a country-wide one; rates have validity dates like prices.
- Destination: the customer's country (and US state); until it is known, the price list's
  `default_tax_country`, or the region's only country. It must belong to the region.
- VAT included (Europe, UK, CH): the list amount is the gross and stays the same for
  every destination in the region; tax = gross x rate / (100 + rate), net = gross - tax.
- Sales tax added (US): the list amount is the net; tax = net x rate / 100 on top. With
  no state yet, tax is 0 and `tax_determined` is False (shown as "plus sales tax").
- Rounding: half-up to the minor unit, separately for the unit and for the line
  (unit x quantity), so a line's tax is not the sum of rounded unit taxes.
- A destination with no rate is refused: no sale without a known tax (enter 0 % for
  US states without sales tax).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Q

from atelier.core.errors import ValidationFailed
from atelier.core.money import Money
from atelier.pricing.enums import TaxDisplay
from atelier.pricing.models import PriceList, TaxRate


@dataclass(frozen=True)
class Destination:
    country: str
    state: str


@dataclass(frozen=True)
class TaxedLine:
    unit_net: Money
    unit_tax: Money
    unit_gross: Money
    line_net: Money
    line_tax: Money
    line_gross: Money


def destination_for(price_list: PriceList, country: str | None, state: str | None) -> Destination:
    region_countries = [str(c) for c in (price_list.region.countries if price_list.region else [])]
    if country:
        country = country.upper()
    elif price_list.default_tax_country:
        country = str(price_list.default_tax_country)
    elif len(region_countries) == 1:
        country = region_countries[0]
    else:
        raise ValidationFailed("Say which country the goods go to.", code="tax_country_needed")
    if region_countries and country not in region_countries:
        raise ValidationFailed(
            f"{country} is not in region {price_list.region.code}.", code="country_not_in_region"
        )
    return Destination(country, (state or "").upper())


def rate_for(destination: Destination, on: date, display: str) -> tuple[Decimal, bool]:
    """(percent, determined) for the destination on that day."""
    if display == TaxDisplay.ADDED and not destination.state:
        return Decimal(0), False
    rates = TaxRate.objects.filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=on),
        Q(valid_until__isnull=True) | Q(valid_until__gte=on),
        country=destination.country,
        state__in={destination.state, ""},
    ).order_by("-state", "-valid_from")
    rate = rates.values_list("rate", flat=True).first()
    if rate is None:
        where = "-".join(filter(None, (destination.country, destination.state)))
        raise ValidationFailed(f"No tax rate for {where} on {on}.", code="no_tax_rate")
    return rate, True


def tax_line(unit: Money, quantity: int, rate: Decimal, display: str) -> TaxedLine:
    unit = unit.rounded()
    line = (unit * quantity).rounded()
    if display == TaxDisplay.INCLUDED:
        unit_tax, line_tax = _included(unit, rate), _included(line, rate)
        return TaxedLine(unit - unit_tax, unit_tax, unit, line - line_tax, line_tax, line)
    unit_tax, line_tax = _added(unit, rate), _added(line, rate)
    return TaxedLine(unit, unit_tax, unit + unit_tax, line, line_tax, line + line_tax)


def _included(gross: Money, rate: Decimal) -> Money:
    return (gross * rate / (100 + rate)).rounded()


def _added(net: Money, rate: Decimal) -> Money:
    return (net * rate / 100).rounded()
