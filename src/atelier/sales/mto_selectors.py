"""Reads for the made-to-order pages (issue 8). The order comes from `access` first
(not yours = 404); these only look inside it."""

from __future__ import annotations

from dataclasses import dataclass

from atelier.catalog import facade as catalog
from atelier.core.errors import DomainError, NotFound
from atelier.pricing import facade as pricing
from atelier.sales.enums import OPEN_CHANGE_STATUSES, Finalisation, LineKind, OrderStatus
from atelier.sales.models import ChangeRequest, OrderLine, SalesOrder


@dataclass(frozen=True)
class OptionGroup:
    code: str
    choices: tuple[str, ...]
    current: str


@dataclass(frozen=True)
class SizeAxis:
    axis: str
    current: str


@dataclass(frozen=True)
class LineChoices:
    line: OrderLine
    groups: tuple[OptionGroup, ...]
    sizes: tuple[SizeAxis, ...]


def line_of(order: SalesOrder, ref: str) -> OrderLine:
    line = order.lines.filter(ref=ref).first()
    if line is None:
        raise NotFound("No such line on this order.")
    return line


def line_choices(line: OrderLine) -> LineChoices:
    """The option groups of the line's product with their choices (codes) and the
    custom sizes the line has, each with its current value, for a form."""
    configuration = line.configuration or {}
    current = {o["group_code"]: o["choice_code"] for o in configuration.get("options", [])}
    pairs = catalog.option_pairs(line.product_id, catalog.option_choice_ids(line.product_id))
    by_group: dict[str, list[str]] = {}
    for group, choice in pairs:
        by_group.setdefault(group, []).append(choice)
    groups = tuple(
        OptionGroup(code=g, choices=tuple(c), current=current.get(g, ""))
        for g, c in by_group.items()
    )
    custom = {c["axis"]: str(c["requested_cm"]) for c in configuration.get("custom_dimensions", [])}
    standard = configuration.get("dimensions") or {}
    try:  # the axes a custom size is sold for in the order's region
        axes = sorted(
            pricing.configurator_prices(line.product_id, line.order.region_code).dimensions
        )
    except DomainError:
        axes = sorted(custom)
    sizes = tuple(
        SizeAxis(axis=a, current=custom.get(a) or _plain(standard.get(f"{a}_cm", ""))) for a in axes
    )
    return LineChoices(line=line, groups=groups, sizes=sizes)


def _plain(value) -> str:
    """ "240.000" -> "240" for a form field."""
    text = str(value or "")
    return text.rstrip("0").rstrip(".") if "." in text else text


def configuration_from(data, choices: LineChoices) -> tuple[dict, dict]:
    """(options, dimensions) posted by a form with `option-<group>` / `size-<axis>`."""
    options = {g.code: data.get(f"option-{g.code}", g.current) for g in choices.groups}
    sizes = {s.axis: (data.get(f"size-{s.axis}") or s.current).strip() for s in choices.sizes}
    return {k: v for k, v in options.items() if v}, sizes


def change_requests_of(order: SalesOrder):
    return order.change_requests.select_related("line").order_by("-created_at", "-id")


def change_of(order: SalesOrder, ref: str) -> ChangeRequest:
    change = change_requests_of(order).filter(ref=ref).first()
    if change is None:
        raise NotFound("No such change request.")
    return change


def changeable_lines(order: SalesOrder) -> list[OrderLine]:
    """Lines the customer may ask to change (the rules have the last word)."""
    if order.status != OrderStatus.PAID:
        return []
    return [
        line
        for line in order.lines.all()
        if line.kind == LineKind.MADE_TO_ORDER and line.finalisation == Finalisation.FINAL
    ]


def open_change_refs(order: SalesOrder) -> set[str]:
    rows = order.change_requests.filter(status__in=OPEN_CHANGE_STATUSES)
    return set(rows.values_list("line__ref", flat=True))
