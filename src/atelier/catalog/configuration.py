"""Validating a made-to-order configuration: chosen options and custom dimensions.

Nothing is stored: a configuration travels with the cart/order line as the frozen
`Configuration` (see facade.py), and prices come from pricing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation

from atelier.catalog.dto import Configuration, CustomDimension, Dimensions, SelectedOption
from atelier.catalog.enums import Axis
from atelier.catalog.models import Product
from atelier.core.errors import NotFound, ValidationFailed

Options = Mapping[str, str] | Iterable[tuple[str, str]]


def validate_configuration(
    product_id: int, options: Options = (), dimensions=None
) -> Configuration:
    product = (
        Product.objects.filter(pk=product_id)
        .prefetch_related("option_groups__choices", "dimension_ranges")
        .first()
    )
    if product is None:
        raise NotFound("No such product.")
    selected = _check_options(product, _pairs(options))
    requested, custom = _check_dimensions(product, dimensions)
    return Configuration(
        product_id=product.pk, options=selected, dimensions=requested, custom_dimensions=custom
    )


def _pairs(options: Options) -> list[tuple[str, str]]:
    items = options.items() if isinstance(options, Mapping) else options
    pairs = [(str(g).strip(), str(c).strip()) for g, c in items]
    seen = [g for g, _ in pairs]
    for group in seen:
        if seen.count(group) > 1:
            raise ValidationFailed(f"Option '{group}' is chosen more than once.", code="option")
    return pairs


def _check_options(product: Product, pairs: list[tuple[str, str]]) -> tuple[SelectedOption, ...]:
    groups = {g.code: g for g in product.option_groups.all()}
    chosen = dict(pairs)
    for code in chosen:
        if code not in groups:
            names = ", ".join(groups) or "none"
            raise ValidationFailed(
                f"'{code}' is not an option of {product.name} (options: {names}).",
                code="unknown_option",
                field=code,
            )
    selected = []
    for group in groups.values():
        if group.code not in chosen:
            if group.required:
                raise ValidationFailed(
                    f"Choose a {group.name}.", code="option_required", field=group.code
                )
            continue
        selected.append(_choice(group, chosen[group.code]))
    return tuple(selected)


def _choice(group, code: str) -> SelectedOption:
    choices = {c.code: c for c in group.choices.all() if c.is_active}
    choice = choices.get(code)
    if choice is None:
        names = ", ".join(choices) or "none"
        raise ValidationFailed(
            f"'{code}' is not a {group.name} choice (choices: {names}).",
            code="unknown_choice",
            field=group.code,
        )
    return SelectedOption(
        group_id=group.pk,
        group_code=group.code,
        group_name=group.name,
        choice_id=choice.pk,
        choice_code=choice.code,
        choice_name=choice.name,
    )


def _check_dimensions(product: Product, dimensions) -> tuple[Dimensions, tuple]:
    standard = Dimensions(product.width_cm, product.depth_cm, product.height_cm)
    if not dimensions:
        return standard, ()
    wanted = dimensions if isinstance(dimensions, Mapping) else dimensions.as_dict()
    unknown = set(wanted) - set(Axis.values)
    if unknown:
        raise ValidationFailed(
            f"Unknown dimension {sorted(unknown)[0]!r}; use width, depth, height.", code="dimension"
        )
    ranges = {r.axis: r for r in product.dimension_ranges.all()}
    values, custom = standard.as_dict(), []
    for axis, raw in wanted.items():
        value = _centimetres(axis, raw)
        base = values[axis]
        if value == base:
            continue
        _check_axis(product, ranges.get(axis), axis, value)
        values[axis] = value
        custom.append(CustomDimension(axis=axis, standard_cm=base, requested_cm=value))
    return Dimensions(**{f"{k}_cm": v for k, v in values.items()}), tuple(custom)


def _centimetres(axis: str, raw) -> Decimal:
    if isinstance(raw, float | bool):
        raise ValidationFailed(
            f"{axis.capitalize()}: give centimetres as a decimal, not a float.", field=axis
        )
    try:
        value = Decimal(str(raw).strip())
    except InvalidOperation:
        raise ValidationFailed(
            f"{axis.capitalize()}: {raw!r} is not a number.", field=axis
        ) from None
    if not value.is_finite() or value <= 0:
        raise ValidationFailed(
            f"{axis.capitalize()} must be above 0 cm.", code="dimension", field=axis
        )
    return value


def _check_axis(product: Product, rng, axis: str, value: Decimal) -> None:
    if rng is None:
        raise ValidationFailed(
            f"{axis.capitalize()} cannot be changed for {product.name}.",
            code="dimension_fixed",
            field=axis,
        )
    if not rng.min_cm <= value <= rng.max_cm:
        raise ValidationFailed(
            f"{axis.capitalize()} must be between {rng.min_cm} and {rng.max_cm} cm "
            f"(got {value} cm).",
            code="dimension_out_of_range",
            field=axis,
        )
