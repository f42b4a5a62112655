"""Catalog columns of the product CSV: check every row first, then write all or nothing.

One row per variant. Product columns may repeat on each of a product's rows (blank means
"as before"); when two rows of one product disagree, the later one is refused. Prices
(`price:<list>` columns) are pricing's part: see pricing/services/catalog_csv.py, which
calls these through catalog.facade in one transaction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from atelier.catalog.models import (
    AttributeValue,
    Category,
    Product,
    ProductVariant,
)
from atelier.catalog.services import products as product_services
from atelier.core.actor import Actor
from atelier.core.errors import ValidationFailed
from atelier.org.models import Manufacturer

PRODUCT_COLUMNS = (
    "product_slug",
    "product_name",
    "manufacturer",
    "category",
    "made_to_order",
    "lead_time_days",
    "width_cm",
    "depth_cm",
    "height_cm",
    "weight_kg",
    "materials",
    "care_notes",
    "description",
)
VARIANT_COLUMNS = ("sku", "barcode", "variant_name", "attributes")
CATALOG_COLUMNS = PRODUCT_COLUMNS + VARIANT_COLUMNS
SLUG_RE = re.compile(r"^[-a-z0-9_]+$")
TRUE, FALSE = {"yes", "true", "1", "y"}, {"no", "false", "0", "n"}
DECIMALS = {"width_cm": True, "depth_cm": True, "height_cm": True, "weight_kg": False}
NEW_PRODUCT_NEEDS = ("product_name", "manufacturer", "width_cm", "depth_cm", "height_cm")


@dataclass(frozen=True)
class RowError:
    row: int  # line number in the file (the header is line 1)
    field: str
    message: str

    def __str__(self) -> str:
        return f"Row {self.row}, {self.field}: {self.message}"


class _Lookups:
    """Everything the checks need, loaded in a constant number of queries."""

    def __init__(self, rows):
        slugs = {r.get("product_slug", "") for _, r in rows}
        skus = {r.get("sku", "") for _, r in rows}
        barcodes = {r.get("barcode", "") for _, r in rows} - {""}
        self.products = Product.objects.in_bulk(slugs, field_name="slug")
        self.variants = {
            v.sku: v for v in ProductVariant.objects.filter(sku__in=skus).select_related("product")
        }
        self.barcodes = dict(
            ProductVariant.objects.filter(barcode__in=barcodes).values_list("barcode", "sku")
        )
        self.manufacturers = Manufacturer.objects.in_bulk(field_name="code")
        self.categories = Category.objects.in_bulk(field_name="slug")
        self.values = {
            (v.attribute.slug, v.slug): v
            for v in AttributeValue.objects.select_related("attribute")
        }


def check_catalog_rows(rows: list[tuple[int, dict[str, str]]]) -> list[RowError]:
    """Every problem of the catalog columns, row by row (nothing is written)."""
    lookups = _Lookups(rows)
    errors: list[RowError] = []
    seen_product: dict[str, tuple[int, dict]] = {}
    seen_sku: dict[str, int] = {}
    seen_barcode: dict[str, int] = {}
    for line, row in rows:
        errors += _check_product(line, row, lookups, seen_product)
        errors += _check_variant(line, row, lookups, seen_sku, seen_barcode)
    return errors


def _check_product(line, row, lookups, seen) -> list[RowError]:
    slug = row.get("product_slug", "").strip()
    if not SLUG_RE.match(slug):
        return [RowError(line, "product_slug", f"{slug!r} is not a slug (a-z, 0-9, -, _).")]
    errors = []
    first = seen.get(slug)
    exists = slug in lookups.products or first is not None
    for name in PRODUCT_COLUMNS[1:]:
        value = row.get(name, "").strip()
        if not value:
            if not exists and name in NEW_PRODUCT_NEEDS:
                errors.append(RowError(line, name, "required for a new product."))
            continue
        if first and first[1].get(name, "").strip() not in ("", value):
            errors.append(RowError(line, name, f"differs from row {first[0]} of '{slug}'."))
            continue
        if message := _field_problem(name, value, lookups):
            errors.append(RowError(line, name, message))
    errors += _check_lead_time(line, row, lookups.products.get(slug))
    if first is None:
        seen[slug] = (line, row)
    return errors


def _field_problem(name: str, value: str, lookups) -> str | None:
    if name == "manufacturer" and value not in lookups.manufacturers:
        return f"no manufacturer with code '{value}'."
    if name == "category" and value not in lookups.categories:
        return f"no category '{value}'."
    if name == "made_to_order" and value.lower() not in TRUE | FALSE:
        return "write yes or no."
    if name == "lead_time_days" and not (value.isdigit() and 0 < int(value) < 10000):
        return "a whole number of days above 0."
    if name in DECIMALS:
        return _decimal_problem(value, positive=DECIMALS[name])
    return None


def _decimal_problem(value: str, *, positive: bool) -> str | None:
    try:
        number = Decimal(value)
    except InvalidOperation:
        return f"{value!r} is not a number."
    if not number.is_finite() or number < 0 or (positive and number == 0):
        return "must be above 0." if positive else "must not be negative."
    return None


def _check_lead_time(line, row, product) -> list[RowError]:
    mto = row.get("made_to_order", "").strip().lower()
    made_to_order = mto in TRUE or (not mto and product is not None and product.made_to_order)
    has_lead = row.get("lead_time_days", "").strip() or (product and product.lead_time_days)
    if made_to_order and not has_lead:
        return [RowError(line, "lead_time_days", "a made-to-order product needs a lead time.")]
    return []


def _check_variant(line, row, lookups, seen_sku, seen_barcode) -> list[RowError]:
    errors = []
    sku, slug = row.get("sku", "").strip(), row.get("product_slug", "").strip()
    if not product_services.SKU_RE.match(sku):
        errors.append(RowError(line, "sku", f"{sku!r} is not a valid SKU."))
    elif sku in seen_sku:
        errors.append(RowError(line, "sku", f"'{sku}' is already on row {seen_sku[sku]}."))
    elif sku in lookups.variants and lookups.variants[sku].product.slug != slug:
        other = lookups.variants[sku].product.slug
        errors.append(RowError(line, "sku", f"'{sku}' belongs to product '{other}'."))
    seen_sku.setdefault(sku, line)
    errors += _check_barcode(line, row, sku, lookups, seen_barcode)
    for problem in _attribute_problems(row.get("attributes", ""), lookups):
        errors.append(RowError(line, "attributes", problem))
    return errors


def _check_barcode(line, row, sku, lookups, seen) -> list[RowError]:
    barcode = row.get("barcode", "").strip()
    if not barcode:
        return []
    if not product_services.gtin_is_valid(barcode):
        return [RowError(line, "barcode", f"'{barcode}' is not a valid GTIN.")]
    if barcode in seen:
        return [RowError(line, "barcode", f"'{barcode}' is already on row {seen[barcode]}.")]
    seen[barcode] = line
    if lookups.barcodes.get(barcode, sku) != sku:
        return [
            RowError(line, "barcode", f"'{barcode}' is used by SKU {lookups.barcodes[barcode]}.")
        ]
    return []


def parse_attributes(text: str) -> list[tuple[str, str]]:
    """'colour=walnut; size=large' -> [("colour", "walnut"), ("size", "large")]."""
    pairs = []
    for part in filter(None, (p.strip() for p in text.split(";"))):
        attribute, sep, value = part.partition("=")
        pairs.append((attribute.strip(), value.strip()) if sep else (part, ""))
    return pairs


def _attribute_problems(text: str, lookups) -> list[str]:
    problems, seen = [], set()
    for attribute, value in parse_attributes(text):
        if not value:
            problems.append(f"write attribute=value, not {attribute!r}.")
        elif (attribute, value) not in lookups.values:
            problems.append(f"no value '{value}' for attribute '{attribute}'.")
        elif attribute in seen:
            problems.append(f"'{attribute}' is given twice.")
        seen.add(attribute)
    return problems


# --- Writing -----------------------------------------------------------------------
def apply_catalog_rows(rows: list[tuple[int, dict[str, str]]], *, actor: Actor) -> dict[str, int]:
    """Write checked rows (inside the caller's transaction); returns {sku: variant id}.

    A service refusal is re-raised as ValidationFailed naming the row.
    """
    lookups = _Lookups(rows)
    products: dict[str, Product] = {}
    result = {}
    for line, row in rows:
        try:
            product = _upsert_product(row, lookups, products, actor)
            result[row["sku"].strip()] = _upsert_variant(row, product, lookups, actor).pk
        except ValidationFailed as exc:
            raise ValidationFailed(f"Row {line}: {exc.message}", row=line) from None
    return result


def _product_fields(row, lookups) -> dict:
    fields = {}
    for name in PRODUCT_COLUMNS[1:]:
        value = row.get(name, "").strip()
        if not value:
            continue
        key = "name" if name == "product_name" else name
        if name == "manufacturer":
            fields[key] = lookups.manufacturers[value]
        elif name == "category":
            fields[key] = lookups.categories[value]
        elif name == "made_to_order":
            fields[key] = value.lower() in TRUE
        elif name == "lead_time_days":
            fields[key] = int(value)
        elif name in DECIMALS:
            fields[key] = Decimal(value)
        else:
            fields[key] = value
    return fields


def _upsert_product(row, lookups, done: dict, actor) -> Product:
    slug = row["product_slug"].strip()
    if slug in done:
        return done[slug]
    fields = _product_fields(row, lookups)
    product = lookups.products.get(slug)
    if product is None:
        product = product_services.product_create(slug=slug, actor=actor, **fields)
    elif fields:
        product = product_services.product_update(product=product, actor=actor, **fields)
    done[slug] = product
    return product


def _upsert_variant(row, product, lookups, actor) -> ProductVariant:
    sku = row["sku"].strip()
    values = [lookups.values[pair] for pair in parse_attributes(row.get("attributes", ""))]
    changes = {"barcode": row.get("barcode", "").strip() or None}
    if row.get("variant_name", "").strip():
        changes["name"] = row["variant_name"].strip()
    variant = lookups.variants.get(sku)
    if variant is None:
        return product_services.variant_create(
            product=product, sku=sku, values=values, actor=actor, **changes
        )
    return product_services.variant_update(variant=variant, values=values, actor=actor, **changes)


# --- Export ------------------------------------------------------------------------
def export_catalog_rows() -> list[tuple[int, dict[str, str]]]:
    """(variant id, catalog columns) for every variant, by product slug then position."""
    variants = (
        ProductVariant.objects.select_related("product__manufacturer", "product__category")
        .prefetch_related("variant_values__attribute", "variant_values__value")
        .order_by("product__slug", "position", "id")
    )
    return [(v.pk, _export_row(v)) for v in variants]


def _export_row(variant: ProductVariant) -> dict[str, str]:
    p = variant.product
    values = sorted(variant.variant_values.all(), key=lambda vv: vv.attribute.slug)
    return {
        "product_slug": p.slug,
        "product_name": p.name,
        "manufacturer": p.manufacturer.code,
        "category": p.category.slug if p.category else "",
        "made_to_order": "yes" if p.made_to_order else "no",
        "lead_time_days": str(p.lead_time_days or ""),
        "width_cm": str(p.width_cm),
        "depth_cm": str(p.depth_cm),
        "height_cm": str(p.height_cm),
        "weight_kg": "" if p.weight_kg is None else str(p.weight_kg),
        "materials": p.materials,
        "care_notes": p.care_notes,
        "description": p.description,
        "sku": variant.sku,
        "barcode": variant.barcode or "",
        "variant_name": variant.name,
        "attributes": "; ".join(f"{vv.attribute.slug}={vv.value.slug}" for vv in values),
    }
