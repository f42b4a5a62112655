"""Click and collect: which boutiques a cart can be collected from, and the check at
checkout. Only boutiques of the cart's region that hold, free of other holds, every
piece of the cart in the quantities asked (inventory's `pickup_boutiques_for`); made-to-
order pieces are delivered, never collected. No shipping charge; the stock is held in
that boutique (inventory.reserve(pickup_boutique_id=...))."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from atelier.core.errors import ValidationFailed
from atelier.inventory import facade as inventory
from atelier.org.selectors import boutiques_for_storefront
from atelier.sales.shipping_methods.registry import methods

ERROR_CODE = "pickup_boutique"


def is_pickup(method_code: str) -> bool:
    """Whether the shipping method `method_code` is collected in a boutique."""
    return getattr(methods().get(method_code or ""), "collects_in_boutique", False)


@dataclass(frozen=True)
class PickupOption:
    boutique_id: int
    code: str
    name: str
    city: str


def pickup_options(
    *, region_code: str, lines: Iterable[tuple[int, int, bool]]
) -> list[PickupOption]:
    """Boutiques the pieces (variant id, quantity, made to order) can be collected from,
    by name; none when a piece is made to order. Two queries."""
    wanted: Counter[int] = Counter()
    for variant_id, quantity, made_to_order in lines:
        if made_to_order:
            return []
        wanted[variant_id] += quantity
    if not wanted:
        return []
    holding = inventory.pickup_boutiques_for(list(wanted), quantities=dict(wanted))
    in_region = set(
        boutiques_for_storefront()
        .filter(pk__in=[b.boutique_id for b in holding], region__code__iexact=region_code)
        .values_list("pk", flat=True)
    )
    return [
        PickupOption(b.boutique_id, b.code, b.name, b.city)
        for b in holding
        if b.boutique_id in in_region
    ]


def pickup_choose(
    code: str, *, region_code: str, lines: Iterable[tuple[int, int, bool]]
) -> PickupOption:
    """The boutique `code` if the pieces can be collected there, else ValidationFailed
    (`pickup_boutique`) naming the boutiques that can."""
    code = code.strip() if isinstance(code, str) else ""
    if not code:
        raise ValidationFailed(
            "Choose the boutique you will collect from.", code=ERROR_CODE, field="pickup_boutique"
        )
    options = pickup_options(region_code=region_code, lines=lines)
    found = next((o for o in options if o.code == code), None)
    if found is None:
        offered = ", ".join(o.code for o in options) or "none"
        raise ValidationFailed(
            f"Your order cannot be collected from boutique {code!r}: it does not hold every "
            f"piece (boutiques that do: {offered}).",
            code=ERROR_CODE,
            field="pickup_boutique",
        )
    return found
