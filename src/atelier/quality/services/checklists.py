"""Checklists: one per category, pass/fail items and measures with a tolerance."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from atelier.catalog import facade as catalog
from atelier.core.actor import Actor
from atelier.core.errors import Conflict, ValidationFailed
from atelier.quality.enums import DimensionKey, ItemKind
from atelier.quality.models import Checklist, ChecklistItem
from atelier.quality.services._common import _decimal, _require, _text


def checklist_create(*, category_id: int, name: str, actor: Actor) -> Checklist:
    _require(actor)
    name = _text(name, "Name", max_length=120)
    if type(category_id) is not int or category_id not in dict(catalog.category_choices()):
        raise ValidationFailed("Choose an active category.", code="invalid", field="category")
    with transaction.atomic():
        if Checklist.objects.filter(category_id=category_id).exists():
            raise Conflict("That category already has a checklist.", code="checklist_exists")
        return Checklist.objects.create(category_id=category_id, name=name)


def checklist_update(
    *, checklist: Checklist, name: str, is_active: bool, actor: Actor
) -> Checklist:
    _require(actor)
    checklist.name = _text(name, "Name", max_length=120)
    if type(is_active) is not bool:
        raise ValidationFailed("Active must be yes or no.", field="is_active")
    checklist.is_active = is_active
    checklist.save(update_fields=["name", "is_active", "updated_at"])
    return checklist


def _item_fields(*, label, kind, target, tolerance, unit, dimension_key) -> dict:
    label = _text(label, "Label", max_length=160)
    unit = _text(unit, "Unit", max_length=12, required=False)
    dimension_key = _text(dimension_key, "Dimension", max_length=12, required=False)
    if kind == ItemKind.PASS_FAIL:
        if target not in (None, "") or tolerance not in (None, "") or dimension_key:
            raise ValidationFailed(
                "A pass/fail item has no target, tolerance or dimension.", field="kind"
            )
        return {
            "label": label,
            "kind": kind,
            "target": None,
            "tolerance": None,
            "unit": "",
            "dimension_key": "",
        }
    if kind != ItemKind.MEASURE:
        raise ValidationFailed("Choose pass/fail or measure.", code="invalid", field="kind")
    tolerance = _decimal(tolerance, "Tolerance", minimum=Decimal(0))
    if dimension_key and dimension_key not in DimensionKey.values:
        raise ValidationFailed("Choose width, depth or height.", field="dimension_key")
    if bool(dimension_key) == (target not in (None, "")):
        raise ValidationFailed(
            "Give a target value, or take the target from the piece's dimension — one of them.",
            field="target",
        )
    return {
        "label": label,
        "kind": kind,
        "target": None if dimension_key else _decimal(target, "Target"),
        "tolerance": tolerance,
        "unit": unit or ("cm" if dimension_key else ""),
        "dimension_key": dimension_key,
    }


def checklist_item_add(
    *,
    checklist: Checklist,
    label: str,
    kind: str,
    target=None,
    tolerance=None,
    unit: str = "",
    dimension_key: str = "",
    actor: Actor,
) -> ChecklistItem:
    _require(actor)
    fields = _item_fields(
        label=label,
        kind=kind,
        target=target,
        tolerance=tolerance,
        unit=unit,
        dimension_key=dimension_key,
    )
    with transaction.atomic():
        last = checklist.items.order_by("-position").values_list("position", flat=True).first()
        return ChecklistItem.objects.create(checklist=checklist, position=(last or 0) + 1, **fields)


def checklist_item_update(
    *,
    item: ChecklistItem,
    label: str,
    kind: str,
    target=None,
    tolerance=None,
    unit: str = "",
    dimension_key: str = "",
    actor: Actor,
) -> ChecklistItem:
    """Change an item; inspections already started keep their own copy."""
    _require(actor)
    fields = _item_fields(
        label=label,
        kind=kind,
        target=target,
        tolerance=tolerance,
        unit=unit,
        dimension_key=dimension_key,
    )
    for name, value in fields.items():
        setattr(item, name, value)
    item.save(update_fields=list(fields))
    return item


def checklist_item_remove(*, item: ChecklistItem, actor: Actor) -> None:
    _require(actor)
    item.delete()
