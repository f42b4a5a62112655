"""Computing prices: one variant with options and sizes (`quote`), or many (`bulk`).

The rules are in rules.py (entries, derivation, endings, sizes) and taxes.py (tax);
this module loads the rows those rules need, in a constant number of queries.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from datetime import date, datetime
from decimal import Decimal

from atelier.catalog import facade as catalog
from atelier.core.errors import NotFound, ValidationFailed
from atelier.core.money import Money
from atelier.pricing import rules, taxes
from atelier.pricing.dto import AddOn, PriceQuote
from atelier.pricing.models import DimensionPrice, OptionPrice, PriceEntry, PriceList


def list_for_region(region_code: str) -> PriceList:
    price_list = (
        PriceList.objects.select_related("region", "base_list")
        .filter(region__code=region_code)
        .first()
    )
    if price_list is None:
        raise NotFound(f"No prices for region {region_code!r}.")
    return price_list


def _chain(price_list: PriceList) -> list[PriceList]:
    return [price_list, price_list.base_list] if price_list.base_list_id else [price_list]


def variant_amounts(
    price_list: PriceList, variant_ids: Collection[int], quantity: int, on: date
) -> dict[int, Decimal]:
    """Unit price per variant in the list (own entry, else derived); unpriced left out."""
    chain = _chain(price_list)
    entries = PriceEntry.objects.filter(
        price_list__in=chain, variant_id__in=list(variant_ids), min_quantity__lte=quantity
    )
    grouped = defaultdict(list)
    for entry in entries:
        grouped[(entry.price_list_id, entry.variant_id)].append(entry)
    amounts = {}
    for variant_id in variant_ids:
        own = rules.best_entry(grouped[(price_list.pk, variant_id)], quantity, on)
        if own is not None:
            amounts[variant_id] = own.amount
        elif len(chain) > 1:
            base = rules.best_entry(grouped[(chain[1].pk, variant_id)], quantity, on)
            if base is not None:
                amounts[variant_id] = rules.derive_price(base.amount, price_list)
    return amounts


def _current_or_past(model, as_of: datetime | None, **filters) -> list:
    """The rows matching `filters` now (as_of None: the fast path), or as they stood at
    `as_of` from their history: a row created later is left out, one deleted later counts
    with its value then. One query either way."""
    if as_of is None:
        return list(model.objects.filter(**filters))
    history = model.history.filter(history_date__lte=as_of, **filters).order_by(
        "-history_date", "-history_id"
    )
    latest = {}
    for record in history:
        latest.setdefault(record.id, record)
    return [r for r in latest.values() if r.history_type != "-"]


def option_amounts(
    price_list: PriceList, choice_ids: Collection[int], *, as_of: datetime | None = None
) -> dict[int, Decimal]:
    rows = _current_or_past(
        OptionPrice,
        as_of,
        price_list_id__in=[pl.pk for pl in _chain(price_list)],
        choice_id__in=list(choice_ids),
    )
    own, base = {}, {}
    for row in rows:
        (own if row.price_list_id == price_list.pk else base)[row.choice_id] = row.amount
    derived = {c: rules.derive_add_on(a, price_list) for c, a in base.items() if c not in own}
    return {**derived, **own}


def dimension_rules(
    price_list: PriceList, product_id: int, *, as_of: datetime | None = None
) -> dict[str, tuple[Decimal, Decimal]]:
    """axis -> (step_cm, amount_per_step) for the product in the list."""
    rows = _current_or_past(
        DimensionPrice,
        as_of,
        price_list_id__in=[pl.pk for pl in _chain(price_list)],
        product_id=product_id,
    )
    own, base = {}, {}
    for row in rows:
        target = own if row.price_list_id == price_list.pk else base
        target[row.axis] = (row.step_cm, row.amount_per_step)
    derived = {
        axis: (step, rules.derive_add_on(amount, price_list))
        for axis, (step, amount) in base.items()
        if axis not in own
    }
    return {**derived, **own}


def quote(
    *,
    variant_id: int,
    region_code: str,
    quantity: int = 1,
    options=(),
    dimensions=None,
    on: date,
    as_of: datetime | None = None,
    country: str | None = None,
    state: str | None = None,
) -> PriceQuote:
    _check_quantity(quantity)
    variant = catalog.get_variant(variant_id)
    configuration = catalog.validate_configuration(variant.product_id, options, dimensions)
    price_list = list_for_region(region_code)
    base = variant_amounts(price_list, [variant_id], quantity, on).get(variant_id)
    if base is None:
        raise ValidationFailed(
            f"{variant.sku} is not sold in region {region_code}.", code="not_sold_in_region"
        )
    add_ons = _option_add_ons(price_list, configuration, region_code, as_of)
    add_ons += _size_add_ons(price_list, configuration, region_code, as_of)
    unit = Money(base, price_list.currency) + sum((a.amount for a in add_ons), 0)
    tax = _tax_context(price_list, on, country, state)
    return _build(
        price_list, region_code, variant_id, quantity, on, unit, add_ons, tax, configuration
    )


def _check_quantity(quantity) -> None:
    if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity < 1:
        raise ValidationFailed("quantity: a whole number of at least 1.", code="quantity")


def _option_add_ons(price_list, configuration, region_code, as_of) -> tuple[AddOn, ...]:
    amounts = option_amounts(price_list, configuration.choice_ids, as_of=as_of)
    add_ons = []
    for option in configuration.options:
        amount = amounts.get(option.choice_id)
        if amount is None:
            raise ValidationFailed(
                f"{option.group_name} '{option.choice_name}' is not sold in region {region_code}.",
                code="option_not_sold_in_region",
            )
        add_ons.append(
            AddOn(
                "option",
                option.choice_code,
                f"{option.group_name}: {option.choice_name}",
                Money(amount, price_list.currency),
            )
        )
    return tuple(add_ons)


def _size_add_ons(price_list, configuration, region_code, as_of) -> tuple[AddOn, ...]:
    if not configuration.custom_dimensions:
        return ()
    size_rules = dimension_rules(price_list, configuration.product_id, as_of=as_of)
    add_ons = []
    for custom in configuration.custom_dimensions:
        rule = size_rules.get(custom.axis)
        if rule is None:
            raise ValidationFailed(
                f"A custom {custom.axis} is not sold in region {region_code}.",
                code="size_not_sold_in_region",
            )
        steps = rules.size_steps(custom.standard_cm, custom.requested_cm, rule[0])
        label = f"{custom.axis.capitalize()} {custom.requested_cm} cm"
        if steps:
            label += f" (+{steps} x {rule[0]} cm)"
        add_ons.append(
            AddOn("dimension", custom.axis, label, Money(rule[1] * steps, price_list.currency))
        )
    return tuple(add_ons)


def _tax_context(price_list, on, country, state) -> tuple:
    destination = taxes.destination_for(price_list, country, state)
    rate, determined = taxes.rate_for(destination, on, price_list.tax_display)
    return destination, rate, determined


def _build(
    price_list, region_code, variant_id, quantity, on, unit, add_ons, tax, configuration=None
) -> PriceQuote:
    destination, rate, determined = tax
    line = taxes.tax_line(unit, quantity, rate, price_list.tax_display)
    base = unit - sum((a.amount for a in add_ons), 0) if add_ons else unit
    return PriceQuote(
        variant_id=variant_id,
        region_code=region_code,
        price_list_code=price_list.code,
        currency=price_list.currency,
        tax_display=price_list.tax_display,
        quantity=quantity,
        on=on,
        base=base,
        add_ons=add_ons,
        unit_net=line.unit_net,
        unit_tax=line.unit_tax,
        unit_gross=line.unit_gross,
        line_net=line.line_net,
        line_tax=line.line_tax,
        line_gross=line.line_gross,
        tax_rate=rate,
        tax_country=destination.country,
        tax_state=destination.state,
        tax_determined=determined,
        configuration=configuration,
    )


def display_amounts(
    variant_ids: Collection[int], region_code: str, *, on: date
) -> dict[int, Money]:
    """Shelf prices of many variants: a list states prices as shown (gross where VAT is
    included, net where tax is added), so the shown price is the list amount rounded,
    exactly `quote(...).unit_display`. Two queries; unpriced variants left out."""
    price_list = list_for_region(region_code)
    _tax_context(price_list, on, None, None)  # refuses, like a quote, when no tax applies
    amounts = variant_amounts(price_list, list(variant_ids), 1, on)
    return {v: Money(a, price_list.currency).rounded() for v, a in amounts.items()}


def bulk(
    variant_ids: Collection[int],
    region_code: str,
    *,
    quantity: int = 1,
    on: date,
    country: str | None = None,
    state: str | None = None,
) -> dict[int, PriceQuote]:
    """Base prices (no options) for many variants; three queries whatever their number."""
    _check_quantity(quantity)
    price_list = list_for_region(region_code)
    amounts = variant_amounts(price_list, list(variant_ids), quantity, on)
    if not amounts:
        return {}
    tax = _tax_context(price_list, on, country, state)
    return {
        variant_id: _build(
            price_list,
            region_code,
            variant_id,
            quantity,
            on,
            Money(amount, price_list.currency),
            (),
            tax,
        )
        for variant_id, amount in amounts.items()
    }
