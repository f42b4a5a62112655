"""The release checklist a production manager sees before sending a PO to the workshop.

Each item says what is checked, whether it passes and, when not, what is missing. A PO
is released only when every item passes (`transitions.checklist_passes`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from atelier.catalog import facade as catalog
from atelier.core.errors import NotFound, ValidationFailed
from atelier.purchasing.enums import REQUIRED_FILE_KINDS
from atelier.purchasing.models import PurchaseOrder


@dataclass(frozen=True)
class ChecklistItem:
    code: str
    label: str
    ok: bool
    detail: str = ""


def checklist(po: PurchaseOrder) -> list[ChecklistItem]:
    lines = list(po.lines.filter(is_live=True)) if po.pk else []
    files = list(po.files.select_related("line")) if po.pk else []
    return [
        _manufacturer(po),
        _required_date(po),
        _lines(lines),
        _finalised(lines),
        _configurations(lines),
        _files(lines, files),
    ]


def failing(po: PurchaseOrder) -> list[ChecklistItem]:
    return [item for item in checklist(po) if not item.ok]


def _item(code: str, label: str, problems: list[str]) -> ChecklistItem:
    return ChecklistItem(code, label, not problems, "; ".join(problems))


def _manufacturer(po) -> ChecklistItem:
    problems = [] if po.manufacturer.is_active else [f"{po.manufacturer.name} is inactive."]
    return _item("manufacturer_active", "Manufacturer is active", problems)


def _required_date(po) -> ChecklistItem:
    if po.required_date is None:
        problems = ["Set the required date."]
    elif po.required_date < timezone.localdate():
        problems = [f"The required date {po.required_date:%Y-%m-%d} is in the past."]
    else:
        problems = []
    return _item("required_date", "Required date set and not past", problems)


def _lines(lines) -> ChecklistItem:
    problems = [] if lines else ["Add at least one line."]
    problems += [
        f"Line {line.position}: quantity and SKU are required."
        for line in lines
        if not line.quantity or not line.sku
    ]
    return _item("lines", "Quantities and specifications given", problems)


def _finalised(lines) -> ChecklistItem:
    problems = [
        f"Line {line.position} ({line.product_name}) awaits the designer's finalisation."
        for line in lines
        if line.awaiting_finalisation
    ]
    return _item("finalised", "Configurations verified by the designer", problems)


def _configurations(lines) -> ChecklistItem:
    problems = []
    for line in lines:
        if not line.made_to_order:
            continue
        try:
            options, dimensions = configuration_inputs(line.configuration)
            catalog.validate_configuration(line.product_id, options, dimensions)
        except (ValidationFailed, NotFound) as exc:
            problems.append(f"Line {line.position} ({line.product_name}): {exc.message}")
        except (TypeError, KeyError, AttributeError):
            problems.append(
                f"Line {line.position} ({line.product_name}): configuration unreadable."
            )
    return _item("configuration", "Made-to-order options and dimensions complete", problems)


def configuration_inputs(configuration: dict) -> tuple[dict, dict]:
    """(options, dimensions) for `catalog.validate_configuration` from a stored configuration."""
    configuration = configuration or {}
    options = {o["group_code"]: o["choice_code"] for o in configuration.get("options", [])}
    sizes = {c["axis"]: c["requested_cm"] for c in configuration.get("custom_dimensions", [])}
    return options, sizes


def _files(lines, files) -> ChecklistItem:
    problems = []
    po_wide = any(
        f.kind in REQUIRED_FILE_KINDS and f.line_id is None and not f.product_id for f in files
    )
    for product_id, name in _made_to_order_products(lines):
        has = po_wide or any(
            f.kind in REQUIRED_FILE_KINDS
            and (
                f.product_id == product_id
                or (f.line is not None and f.line.product_id == product_id)
            )
            for f in files
        )
        if not has:
            problems.append(f"{name}: add a CAD drawing or assembly instructions.")
    return _item(
        "files", "Production files (CAD or assembly) for each made-to-order product", problems
    )


def _made_to_order_products(lines) -> list[tuple[int, str]]:
    seen: dict[int, str] = {}
    for line in lines:
        if line.made_to_order:
            seen.setdefault(line.product_id, line.product_name)
    return list(seen.items())
