"""CSV import and export of products, variants and their prices, all or nothing.

The file has the catalog's columns (catalog.facade.CATALOG_COLUMNS, one row per variant)
and one `price:<list code>` column per price list: the variant's standing unit price
(from 1 piece, no dates) in that list; a blank cell leaves the price as it is. Every
row is checked before anything is written; a single problem writes nothing and the
report names the row (the header is row 1) and the field.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field

from django.db import transaction

from atelier.accounts.roles import Cap
from atelier.catalog import facade as catalog
from atelier.core import cache
from atelier.core.actor import Actor
from atelier.core.errors import PermissionDenied, ValidationFailed
from atelier.pricing.models import PriceEntry, PriceList
from atelier.pricing.rules import to_minor
from atelier.pricing.services._common import amount_in

PRICE_PREFIX = "price:"
REQUIRED = ("product_slug", "sku")
RowError = catalog.RowError


@dataclass(frozen=True)
class ImportReport:
    rows: int
    errors: tuple[RowError, ...] = ()
    variants: int = 0
    prices: int = 0
    dry_run: bool = False
    lines: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def catalog_csv_import(*, file, actor: Actor, dry_run: bool = False) -> ImportReport:
    """Import an open text file; returns the report (errors, or what was written)."""
    reader = csv.DictReader(file)
    header = [h.strip() for h in reader.fieldnames or []]
    lists = PriceList.objects.in_bulk(
        [h[len(PRICE_PREFIX) :] for h in header if h.startswith(PRICE_PREFIX)], field_name="code"
    )
    _require(actor, prices=bool(lists))
    errors = _check_header(header, lists)
    rows = [(n, _clean(r)) for n, r in enumerate(reader, start=2)]
    if errors:
        return ImportReport(rows=len(rows), errors=tuple(errors))
    errors = catalog.check_catalog_rows(rows) + _check_prices(rows, lists)
    if errors or dry_run:
        errors.sort(key=lambda e: (e.row, e.field))
        return ImportReport(rows=len(rows), errors=tuple(errors), dry_run=dry_run)
    try:
        variants, prices = _write(rows, lists, actor)
    except ValidationFailed as exc:
        row = exc.details.get("row", 0)
        return ImportReport(rows=len(rows), errors=(RowError(row, "row", exc.message),))
    return ImportReport(rows=len(rows), variants=variants, prices=prices)


def _require(actor: Actor, *, prices: bool) -> None:
    if not actor.has_perm(Cap.MANAGE_CATALOG.perm):
        raise PermissionDenied("You are not allowed to change the catalog.")
    if prices and not actor.has_perm(Cap.MANAGE_PRICES.perm):
        raise PermissionDenied("You are not allowed to change prices.")


def _clean(row: dict) -> dict[str, str]:
    return {(k or "").strip(): (v or "").strip() for k, v in row.items() if k is not None}


def _check_header(header: list[str], lists: dict) -> list[RowError]:
    errors = [RowError(1, name, "column is missing.") for name in REQUIRED if name not in header]
    for name in header:
        if name.startswith(PRICE_PREFIX):
            if name[len(PRICE_PREFIX) :] not in lists:
                errors.append(RowError(1, name, "no price list with that code."))
        elif name not in catalog.CATALOG_COLUMNS:
            errors.append(RowError(1, name, "unknown column."))
    return errors


def _check_prices(rows, lists: dict[str, PriceList]) -> list[RowError]:
    errors = []
    for line, row in rows:
        for code, price_list in lists.items():
            value = row.get(PRICE_PREFIX + code, "")
            if not value:
                continue
            try:
                amount_in(value, price_list.currency, PRICE_PREFIX + code)
            except ValidationFailed as exc:
                message = exc.message.split(": ", 1)[-1]
                errors.append(RowError(line, PRICE_PREFIX + code, message))
    return errors


@transaction.atomic
def _write(rows, lists: dict[str, PriceList], actor: Actor) -> tuple[int, int]:
    variant_ids = catalog.apply_catalog_rows(rows, actor=actor)
    prices = 0
    for _line, row in rows:
        for code, price_list in lists.items():
            value = row.get(PRICE_PREFIX + code, "")
            if value:
                _set_standing_price(price_list, variant_ids[row["sku"]], value)
                prices += 1
    cache.bump("catalog")
    return len(variant_ids), prices


def _set_standing_price(price_list: PriceList, variant_id: int, value: str) -> None:
    amount = amount_in(value, price_list.currency)
    PriceEntry.objects.update_or_create(
        price_list=price_list,
        variant_id=variant_id,
        min_quantity=1,
        valid_from=None,
        defaults={"amount": amount, "valid_until": None},
    )


def catalog_csv_export(*, file, actor: Actor) -> int:
    """Write every variant with its standing price in every list; returns the row count."""
    _require(actor, prices=False)
    lists = list(PriceList.objects.order_by("code"))
    rows = catalog.export_catalog_rows()
    prices = {
        (e.price_list_id, e.variant_id): e.amount
        for e in PriceEntry.objects.filter(min_quantity=1, valid_from__isnull=True)
    }
    writer = csv.DictWriter(
        file, fieldnames=[*catalog.CATALOG_COLUMNS, *(PRICE_PREFIX + p.code for p in lists)]
    )
    writer.writeheader()
    for variant_id, row in rows:
        for p in lists:
            amount = prices.get((p.pk, variant_id))
            row[PRICE_PREFIX + p.code] = "" if amount is None else str(to_minor(amount, p.currency))
        writer.writerow(row)
    return len(rows)
