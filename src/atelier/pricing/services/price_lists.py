"""Price lists, entries, add-on prices and tax rates: keyword-only, one transaction each."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction

from atelier.catalog import facade as catalog
from atelier.core import cache
from atelier.core.actor import Actor
from atelier.core.errors import ValidationFailed
from atelier.core.money import validate_currency
from atelier.pricing.models import DimensionPrice, OptionPrice, PriceEntry, PriceList, TaxRate
from atelier.pricing.services._common import amount_in, check_dates, clean_and_save, require


def price_list_create(*, code: str, name: str, currency: str, actor: Actor, **fields) -> PriceList:
    return price_list_save(
        price_list=PriceList(code=code, name=name, currency=currency, **fields), actor=actor
    )


@transaction.atomic
def price_list_save(*, price_list: PriceList, actor: Actor) -> PriceList:
    """Validate and save a new or edited list (also used by the admin)."""
    require(actor)
    try:
        price_list.currency = validate_currency(price_list.currency)
    except ValueError as exc:
        raise ValidationFailed(f"currency: {exc}", code="unknown_currency") from None
    region = price_list.region
    if region is not None and region.currency.upper() != price_list.currency:
        raise ValidationFailed(
            f"currency: region {region.code} sells in {region.currency}, not {price_list.currency}."
        )
    _check_rule(price_list)
    country = str(price_list.default_tax_country or "")
    if region is not None and country and country not in [str(c) for c in region.countries]:
        raise ValidationFailed(f"default_tax_country: {country} is not in region {region.code}.")
    cache.bump("catalog")
    return clean_and_save(price_list, actor=actor)


def _check_rule(price_list: PriceList) -> None:
    base = price_list.base_list
    if base is not None:
        if price_list.pk and base.pk == price_list.pk:
            raise ValidationFailed("base_list: a list cannot derive from itself.")
        if base.base_list_id is not None:
            raise ValidationFailed("base_list: derive from a list with its own prices.")
        if price_list.percentage is None or price_list.percentage <= 0:
            raise ValidationFailed("percentage: a derived list needs a percentage above 0.")
    elif price_list.percentage is not None:
        raise ValidationFailed("percentage: only a list with a base list has a percentage.")
    step, ending = price_list.rounding_step, price_list.rounding_ending or Decimal(0)
    if step is not None and (step <= 0 or not 0 <= ending < step):
        raise ValidationFailed("rounding_ending: must be at least 0 and below rounding_step.")
    if step is None and ending:
        raise ValidationFailed("rounding_ending: set a rounding_step too.")


@transaction.atomic
def price_entry_set(
    *,
    price_list: PriceList,
    variant_id: int,
    amount,
    actor: Actor,
    min_quantity: int = 1,
    valid_from: date | None = None,
    valid_until: date | None = None,
) -> PriceEntry:
    """Set the variant's unit price from `min_quantity` pieces, for a period (or always)."""
    require(actor)
    catalog.get_variant(variant_id)  # NotFound for an unknown variant
    entry = PriceEntry.objects.filter(
        price_list=price_list,
        variant_id=variant_id,
        min_quantity=min_quantity,
        valid_from=valid_from,
    ).first() or PriceEntry(
        price_list=price_list,
        variant_id=variant_id,
        min_quantity=min_quantity,
        valid_from=valid_from,
    )
    entry.amount, entry.valid_until = amount, valid_until
    return price_entry_save(entry=entry, actor=actor)


@transaction.atomic
def price_entry_save(*, entry: PriceEntry, actor: Actor) -> PriceEntry:
    require(actor)
    entry.amount = amount_in(entry.amount, entry.price_list.currency)
    if not isinstance(entry.min_quantity, int) or entry.min_quantity < 1:
        raise ValidationFailed("min_quantity: at least 1.")
    check_dates(entry.valid_from, entry.valid_until)
    cache.bump("catalog")
    return clean_and_save(entry, actor=actor)


@transaction.atomic
def price_entry_delete(*, entry: PriceEntry, actor: Actor) -> None:
    require(actor)
    entry.delete()
    cache.bump("catalog")


@transaction.atomic
def option_price_set(*, price_list: PriceList, choice_id: int, amount, actor: Actor) -> OptionPrice:
    """What choosing this fabric/finish adds to the unit price in the list (0 = included)."""
    require(actor)
    row = OptionPrice.objects.filter(price_list=price_list, choice_id=choice_id).first()
    row = row or OptionPrice(price_list=price_list, choice_id=choice_id)
    row.amount = amount
    return option_price_save(row=row, actor=actor)


@transaction.atomic
def option_price_save(*, row: OptionPrice, actor: Actor) -> OptionPrice:
    require(actor)
    row.amount = amount_in(row.amount, row.price_list.currency)
    cache.bump("catalog")
    return clean_and_save(row, actor=actor)


@transaction.atomic
def dimension_price_set(
    *, price_list: PriceList, product_id: int, axis: str, step_cm, amount_per_step, actor: Actor
) -> DimensionPrice:
    """Each started `step_cm` above the standard `axis` adds `amount_per_step`."""
    require(actor)
    row = DimensionPrice.objects.filter(
        price_list=price_list, product_id=product_id, axis=axis
    ).first() or DimensionPrice(price_list=price_list, product_id=product_id, axis=axis)
    row.step_cm, row.amount_per_step = step_cm, amount_per_step
    return dimension_price_save(row=row, actor=actor)


@transaction.atomic
def dimension_price_save(*, row: DimensionPrice, actor: Actor) -> DimensionPrice:
    require(actor)
    if row.axis not in catalog.Axis.values:
        raise ValidationFailed(f"axis: choose one of {', '.join(catalog.Axis.values)}.")
    row.amount_per_step = amount_in(row.amount_per_step, row.price_list.currency, "amount_per_step")
    step = amount_in(row.step_cm, "EUR", "step_cm")  # a positive number, 2 decimals at most
    if step <= 0:
        raise ValidationFailed("step_cm: must be above 0.")
    row.step_cm = step
    cache.bump("catalog")
    return clean_and_save(row, actor=actor)


@transaction.atomic
def tax_rate_set(
    *,
    country: str,
    rate,
    actor: Actor,
    state: str = "",
    name: str = "",
    valid_from: date | None = None,
    valid_until: date | None = None,
) -> TaxRate:
    """VAT for a country, or sales tax for a US state, in percent."""
    require(actor)
    country, state = country.upper(), state.upper()
    row = TaxRate.objects.filter(country=country, state=state, valid_from=valid_from).first()
    row = row or TaxRate(country=country, state=state, valid_from=valid_from)
    row.rate, row.name, row.valid_until = rate, name, valid_until
    return tax_rate_save(row=row, actor=actor)


@transaction.atomic
def tax_rate_save(*, row: TaxRate, actor: Actor) -> TaxRate:
    require(actor)
    rate = amount_in(row.rate, "BHD", "rate")  # up to 3 decimals
    if rate >= 100:
        raise ValidationFailed(f"rate: a percentage below 100 (got {rate}).")
    row.rate = rate
    if row.state and str(row.country) != "US":
        raise ValidationFailed("state: only US sales tax is set per state.")
    check_dates(row.valid_from, row.valid_until)
    cache.bump("catalog")
    return clean_and_save(row, actor=actor)
