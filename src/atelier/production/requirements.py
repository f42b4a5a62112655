"""Manufacturing requirements from purchase-order lines: materials, finishes, other
options, dimensions and quantities, read from the line configuration (the catalog's
`Configuration` as JSON: `options` with group/choice names, `dimensions` in cm,
`custom_dimensions`).

An option group is a *material* when its code or name mentions fabric, leather,
material, upholstery, textile, wood, timber, stone, marble, metal or cover; a *finish*
when it mentions finish, colour/color, stain, lacquer, paint, patina, leg, base or
frame; anything else is listed as an option.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

MATERIAL_WORDS = (
    "fabric",
    "leather",
    "material",
    "upholster",
    "textile",
    "wood",
    "timber",
    "stone",
    "marble",
    "metal",
    "cover",
)
FINISH_WORDS = (
    "finish",
    "colour",
    "color",
    "stain",
    "lacquer",
    "paint",
    "patina",
    "leg",
    "base",
    "frame",
)
AXES = (("width", "W"), ("depth", "D"), ("height", "H"))


@dataclass(frozen=True)
class Requirement:
    po_number: str
    line_ref: str
    order_ref: str
    sku: str
    product_name: str
    variant_name: str
    quantity: int
    materials: tuple[tuple[str, str], ...]  # (group name, choice name)
    finishes: tuple[tuple[str, str], ...]
    options: tuple[tuple[str, str], ...]
    dimensions: str  # "W 240 x D 95 x H 80 cm" or ""
    custom_dimensions: bool
    awaiting_finalisation: bool
    notes: str


@dataclass(frozen=True)
class Total:
    kind: str  # material / finish / option / piece
    name: str  # group name, or product name for pieces
    value: str  # choice name, or variant + dimensions for pieces
    quantity: int
    purchase_orders: tuple[str, ...]


def kind_of(group_code: str, group_name: str) -> str:
    text = f"{group_code} {group_name}".lower()
    if any(w in text for w in MATERIAL_WORDS):
        return "material"
    if any(w in text for w in FINISH_WORDS):
        return "finish"
    return "option"


def for_line(po_number: str, line) -> Requirement:
    config = line.configuration or {}
    grouped: dict[str, list] = {"material": [], "finish": [], "option": []}
    for option in config.get("options", ()) or ():
        kind = kind_of(option.get("group_code", ""), option.get("group_name", ""))
        grouped[kind].append((option.get("group_name", ""), option.get("choice_name", "")))
    return Requirement(
        po_number=po_number,
        line_ref=line.line_ref,
        order_ref=line.order_ref,
        sku=line.sku,
        product_name=line.product_name,
        variant_name=line.variant_name,
        quantity=line.quantity,
        materials=tuple(grouped["material"]),
        finishes=tuple(grouped["finish"]),
        options=tuple(grouped["option"]),
        dimensions=dimensions_text(config.get("dimensions") or {}),
        custom_dimensions=bool(config.get("custom_dimensions")),
        awaiting_finalisation=line.awaiting_finalisation,
        notes=line.notes,
    )


def for_purchase_order(info) -> list[Requirement]:
    return [for_line(info.number, line) for line in info.lines]


def dimensions_text(dimensions: dict) -> str:
    parts = []
    for axis, letter in AXES:
        value = dimensions.get(f"{axis}_cm", dimensions.get(axis))
        if value not in (None, ""):
            parts.append(f"{letter} {_number(value)}")
    return " x ".join(parts) + " cm" if parts else ""


def _number(value) -> str:
    text = str(value)
    return text.rstrip("0").rstrip(".") if "." in text else text


def totals(requirements: list[Requirement]) -> list[Total]:
    """Quantities summed across purchase orders, by material, finish, option and piece."""
    sums: dict[tuple[str, str, str], int] = defaultdict(int)
    pos: dict[tuple[str, str, str], set] = defaultdict(set)
    for req in requirements:
        keys = [("material", g, c) for g, c in req.materials]
        keys += [("finish", g, c) for g, c in req.finishes]
        keys += [("option", g, c) for g, c in req.options]
        piece = " — ".join(p for p in (req.variant_name, req.dimensions) if p)
        keys.append(("piece", req.product_name, piece))
        for key in keys:
            sums[key] += req.quantity
            pos[key].add(req.po_number)
    order = {"material": 0, "finish": 1, "option": 2, "piece": 3}
    return [
        Total(kind, name, value, sums[(kind, name, value)], tuple(sorted(pos[(kind, name, value)])))
        for kind, name, value in sorted(sums, key=lambda k: (order[k[0]], k[1], k[2]))
    ]
