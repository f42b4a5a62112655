"""Writes to the organisation's master data: regions, boutiques, warehouses, workshops.

Each `*_upsert` creates the row identified by `code`, or brings an existing one up to
date. Only fields whose value differs are saved, so a second call with the same values
writes nothing (no UPDATE, no history row): loaders and imports can be re-run safely.
"""

from __future__ import annotations

from typing import Any, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models, transaction

from atelier.core.actor import Actor
from atelier.core.errors import ValidationFailed
from atelier.core.events import publish
from atelier.org.events import BoutiqueCreated
from atelier.org.models import Boutique, Manufacturer, Region, Warehouse

M = TypeVar("M", bound=models.Model)


def region_upsert(
    *, code: str, name: str, currency: str, countries: list[str], actor: Actor
) -> tuple[Region, bool]:
    fields = {"name": name, "currency": currency.upper(), "countries": sorted(countries)}
    return _upsert(Region, code=code, fields=fields)


def boutique_upsert(
    *, code: str, region: Region, actor: Actor, **fields: Any
) -> tuple[Boutique, bool]:
    """Create or update a boutique; a new one is announced (BoutiqueCreated)."""
    _check_timezone(fields.get("timezone"))
    with transaction.atomic():
        boutique, created = _upsert(Boutique, code=code, fields={"region": region, **fields})
        if created:
            publish(
                BoutiqueCreated(boutique_id=boutique.pk, code=boutique.code, name=boutique.name)
            )
    return boutique, created


def warehouse_upsert(*, code: str, actor: Actor, **fields: Any) -> tuple[Warehouse, bool]:
    _check_timezone(fields.get("timezone"))
    return _upsert(Warehouse, code=code, fields=fields)


def manufacturer_upsert(*, code: str, actor: Actor, **fields: Any) -> tuple[Manufacturer, bool]:
    return _upsert(Manufacturer, code=code, fields=fields)


def _check_timezone(name: str | None) -> None:
    if name is None:
        return
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValidationFailed(f"Unknown time zone {name!r}.", field="timezone") from exc


def _upsert(model: type[M], *, code: str, fields: dict[str, Any]) -> tuple[M, bool]:
    """Return (row, created); on an existing row save only the fields that changed."""
    for name in fields:
        try:
            model._meta.get_field(name)
        except FieldDoesNotExist as exc:
            raise ValidationFailed(f"{model.__name__} has no field {name!r}.") from exc
    with transaction.atomic():
        row = model.objects.select_for_update().filter(code=code).first()
        created = row is None
        if created:
            row = model(code=code)
        changed = [name for name, value in fields.items() if getattr(row, name, None) != value]
        if not (created or changed):
            return row, False
        for name in changed:
            setattr(row, name, fields[name])
        try:
            row.full_clean()
        except DjangoValidationError as exc:
            raise ValidationFailed(
                f"Invalid {model._meta.verbose_name} {code!r}: {exc.messages}",
                errors=exc.message_dict,
            ) from exc
        row.save(update_fields=None if created else changed)
        return row, created
