"""Made-to-order options and custom dimension ranges."""

from __future__ import annotations

from django.db import transaction

from atelier.catalog.enums import Axis, OptionKind
from atelier.catalog.models import DimensionRange, OptionChoice, OptionGroup, Product
from atelier.catalog.services._common import clean_and_save, decimal_or_fail, require
from atelier.core import cache
from atelier.core.actor import Actor
from atelier.core.errors import ValidationFailed


@transaction.atomic
def option_group_create(
    *,
    product: Product,
    code: str,
    name: str,
    kind: str = OptionKind.OTHER,
    required: bool = True,
    position: int = 0,
    actor: Actor,
) -> OptionGroup:
    require(actor)
    if OptionGroup.objects.filter(product=product, code=code).exists():
        raise ValidationFailed(f"code: the product already has an option '{code}'.")
    group = OptionGroup(
        product=product, code=code, name=name, kind=kind, required=required, position=position
    )
    cache.bump("catalog")
    return clean_and_save(group, actor=actor)


@transaction.atomic
def option_choice_create(
    *,
    group: OptionGroup,
    code: str,
    name: str,
    swatch=None,
    position: int = 0,
    is_active: bool = True,
    actor: Actor,
) -> OptionChoice:
    require(actor)
    if OptionChoice.objects.filter(group=group, code=code).exists():
        raise ValidationFailed(f"code: {group.name} already has a choice '{code}'.")
    choice = OptionChoice(
        group=group, code=code, name=name, swatch=swatch, position=position, is_active=is_active
    )
    cache.bump("catalog")
    return clean_and_save(choice, actor=actor)


@transaction.atomic
def option_save(*, obj: OptionGroup | OptionChoice, actor: Actor):
    """Save an option group or choice edited in the admin."""
    require(actor)
    cache.bump("catalog")
    return clean_and_save(obj, actor=actor)


@transaction.atomic
def dimension_range_set(
    *, product: Product, axis: str, min_cm, max_cm, actor: Actor
) -> DimensionRange:
    """Let customers choose `axis` between min_cm and max_cm (replaces an earlier range)."""
    require(actor)
    if axis not in Axis.values:
        raise ValidationFailed(f"axis: choose one of {', '.join(Axis.values)}.")
    low = decimal_or_fail(min_cm, "min_cm", positive=True)
    high = decimal_or_fail(max_cm, "max_cm", positive=True)
    if low is None or high is None:
        raise ValidationFailed("min_cm and max_cm are both required.")
    row = DimensionRange.objects.filter(product=product, axis=axis).first() or DimensionRange(
        product=product, axis=axis
    )
    row.min_cm, row.max_cm = low, high
    check_dimension_range(row)
    cache.bump("catalog")
    return clean_and_save(row, actor=actor)


def check_dimension_range(row: DimensionRange) -> None:
    product = row.product
    if not product.made_to_order:
        raise ValidationFailed("Only made-to-order products take custom dimensions.")
    if row.min_cm > row.max_cm:
        raise ValidationFailed(
            f"{row.axis}: the minimum ({row.min_cm} cm) is above the maximum ({row.max_cm} cm)."
        )
    standard = getattr(product, f"{row.axis}_cm")
    if not row.min_cm <= standard <= row.max_cm:
        raise ValidationFailed(
            f"{row.axis}: the range {row.min_cm}-{row.max_cm} cm must include the standard "
            f"{standard} cm."
        )


@transaction.atomic
def dimension_range_save(*, row: DimensionRange, actor: Actor) -> DimensionRange:
    require(actor)
    check_dimension_range(row)
    cache.bump("catalog")
    return clean_and_save(row, actor=actor)
