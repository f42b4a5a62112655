"""The product page's configurator: the chosen variant, options and custom size, read
from the query string, and the live price panel for them.

Field names: `variant` (variant id), `option-<group code>` (choice code), `width`,
`depth`, `height` (centimetres). Rules stay in catalog (`validate_configuration`, run
by pricing's `quote`) and pricing; this module only reads input and shapes answers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.http import QueryDict
from django.utils.http import urlencode

from atelier.catalog import facade as catalog
from atelier.catalog.enums import Axis
from atelier.core.errors import DomainError, NotFound, ValidationFailed
from atelier.pricing import facade as pricing
from atelier.pricing.dto import PriceQuote
from atelier.storefront import availability

OPTION_PREFIX = "option-"
MAX_FIELD = 40


@dataclass(frozen=True)
class Choice:
    variant_id: int | None = None
    options: tuple[tuple[str, str], ...] = ()
    dimensions: tuple[tuple[str, str], ...] = ()

    @property
    def is_default(self) -> bool:
        return self.variant_id is None and not self.options and not self.dimensions

    def option(self, group_code: str) -> str | None:
        return dict(self.options).get(group_code)

    def dimension(self, axis: str) -> str | None:
        return dict(self.dimensions).get(axis)

    def query(self) -> str:
        pairs = [("variant", self.variant_id)] if self.variant_id else []
        pairs += [(f"{OPTION_PREFIX}{g}", c) for g, c in self.options]
        pairs += list(self.dimensions)
        return urlencode(pairs)


def parse(query: QueryDict) -> Choice:
    """What the visitor chose; anything malformed is kept so the rules can name it."""
    raw_variant = query.get("variant", "").strip()
    variant_id = int(raw_variant) if raw_variant.isdigit() and len(raw_variant) < 12 else None
    if raw_variant and variant_id is None:
        variant_id = -1  # not a variant: answered as "choose one of the versions"
    options = tuple(
        sorted(
            (name[len(OPTION_PREFIX) :][:MAX_FIELD], query.get(name, "").strip()[:MAX_FIELD])
            for name in query
            if name.startswith(OPTION_PREFIX) and query.get(name, "").strip()
        )
    )
    dimensions = tuple(
        (axis, query.get(axis, "").strip()[:MAX_FIELD])
        for axis in Axis.values
        if query.get(axis, "").strip()
    )
    return Choice(variant_id=variant_id, options=options, dimensions=dimensions)


@dataclass(frozen=True)
class Panel:
    """What the price panel shows: a quote, or why there is none."""

    quote: PriceQuote | None = None
    errors: dict[str, str] = field(default_factory=dict)  # field -> message
    message: str = ""  # a problem not tied to one field
    availability: object | None = None
    choice: Choice = Choice()

    @property
    def is_valid(self) -> bool:
        return self.quote is not None


def defaults(product) -> Choice:
    """What the page shows chosen at first: the first version and, for each required
    option, its first choice (`product` as loaded by `product_detail`)."""
    variants = product.live_variants
    return Choice(
        variant_id=variants[0].pk if variants else None,
        options=tuple(
            (g.code, g.active_choices[0].code)
            for g in product.option_groups_ordered
            if g.required and g.active_choices
        ),
    )


def merge(base: Choice, asked: Choice) -> Choice:
    """The visitor's choice, completed by the page's defaults."""
    options = {**dict(base.options), **dict(asked.options)}
    return Choice(
        variant_id=asked.variant_id or base.variant_id,
        options=tuple(sorted(options.items())),
        dimensions=asked.dimensions,
    )


def panel(product_id: int, choice: Choice, region) -> Panel:
    """Price and availability of the chosen configuration in the visitor's region."""
    variant_id = choice.variant_id
    if variant_id is None:
        return Panel(message="This piece is not available to order online.", choice=choice)
    if not _is_variant_of(variant_id, product_id):
        return Panel(errors={"variant": "Choose one of the versions listed."}, choice=choice)
    stock = availability.for_variants([variant_id], region.code if region else None)
    found = stock.get(variant_id)
    if region is None:
        return Panel(message="Prices on request.", availability=found, choice=choice)
    try:
        quote = pricing.quote(
            variant_id=variant_id,
            region_code=region.code,
            options=choice.options,
            dimensions=dict(choice.dimensions) or None,
        )
    except ValidationFailed as error:
        name = error.details.get("field")
        if name:
            return Panel(errors={name: error.message}, availability=found, choice=choice)
        return Panel(message=_not_sold(error), availability=found, choice=choice)
    except DomainError as error:
        return Panel(message=_not_sold(error), availability=found, choice=choice)
    return Panel(quote=quote, availability=found, choice=choice)


def _is_variant_of(variant_id: int, product_id: int) -> bool:
    try:
        info = catalog.get_variant(variant_id)
    except NotFound:
        return False
    return info.product_id == product_id and info.is_sellable("online")


def _not_sold(error: DomainError) -> str:
    if error.code in {
        "not_sold_in_region",
        "option_not_sold_in_region",
        "size_not_sold_in_region",
    }:
        return "This choice is not offered in your region; please choose another."
    return "We cannot price this choice online; a client adviser will gladly help."


# --- The form on the product page -------------------------------------------------------


def variant_label(variant) -> str:
    values = ", ".join(vv.value.name for vv in variant.variant_values.all())
    return variant.name or values or variant.sku


def form(product, choice: Choice, *, add_ons, variant_prices, errors) -> dict:
    """The configurator's fields with their state, add-on prices and errors."""
    variants = product.live_variants
    selected = choice.variant_id or (variants[0].pk if variants else None)
    return {
        "variants": [
            {
                "id": v.pk,
                "label": variant_label(v),
                "sku": v.sku,
                "price": variant_prices.get(v.pk),
                "checked": v.pk == selected,
            }
            for v in variants
        ],
        "variant_error": errors.get("variant", ""),
        "groups": [_group(g, choice, add_ons, errors) for g in product.option_groups_ordered],
        "axes": [_axis(product, r, choice, add_ons, errors) for r in _ranges(product)],
    }


def _group(group, choice: Choice, add_ons, errors) -> dict:
    chosen = choice.option(group.code)
    choices = group.active_choices
    if chosen is None and group.required and choices:
        chosen = choices[0].code
    prices = add_ons.options if add_ons else {}
    return {
        "code": group.code,
        "name": group.name,
        "kind": group.kind,
        "required": group.required,
        "error": errors.get(group.code, ""),
        "choices": [
            {
                "code": c.code,
                "name": c.name,
                "swatch": c.swatch,
                "add_on": prices.get(c.pk),
                "checked": c.code == chosen,
            }
            for c in choices
        ],
        "none_checked": not chosen,
    }


def _ranges(product) -> list:
    order = {axis: i for i, axis in enumerate(Axis.values)}
    return sorted(product.dimension_ranges.all(), key=lambda r: order.get(r.axis, 9))


def _axis(product, rng, choice: Choice, add_ons, errors) -> dict:
    standard = getattr(product, f"{rng.axis}_cm")
    rule = add_ons.dimensions.get(rng.axis) if add_ons else None
    return {
        "axis": rng.axis,
        "label": Axis(rng.axis).label,
        "min": rng.min_cm,
        "max": rng.max_cm,
        "standard": standard,
        "value": choice.dimension(rng.axis) or standard,
        "rule": rule,
        "error": errors.get(rng.axis, ""),
    }
