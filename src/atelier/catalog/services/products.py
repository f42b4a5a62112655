"""Products, attributes and variants."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.db import transaction

from atelier.catalog.enums import Channel
from atelier.catalog.models import (
    Attribute,
    AttributeValue,
    Product,
    ProductPublication,
    ProductVariant,
    VariantValue,
)
from atelier.catalog.richtext import sanitize_html
from atelier.catalog.services._common import clean_and_save, decimal_or_fail, require
from atelier.core import cache
from atelier.core.actor import Actor
from atelier.core.errors import ValidationFailed

# Customs and parcel data (optional; shipping refuses a customs shipment without them).
SHIPPING_FIELDS = frozenset(
    {
        "hs_code",
        "country_of_manufacture",
        "package_width_cm",
        "package_depth_cm",
        "package_height_cm",
        "package_weight_kg",
    }
)
PRODUCT_FIELDS = frozenset(
    {
        "name",
        "slug",
        "description",
        "manufacturer",
        "category",
        "width_cm",
        "depth_cm",
        "height_cm",
        "weight_kg",
        "materials",
        "care_notes",
        "made_to_order",
        "lead_time_days",
        *SHIPPING_FIELDS,
    }
)
VARIANT_FIELDS = frozenset({"sku", "barcode", "name", "position", "is_active"})
SKU_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


def product_create(
    *,
    name: str,
    slug: str,
    manufacturer,
    width_cm,
    depth_cm,
    height_cm,
    actor: Actor,
    **fields,
) -> Product:
    """Create a product (draft in every channel). Other fields: see PRODUCT_FIELDS."""
    _refuse_unknown(fields, PRODUCT_FIELDS, "product")
    product = Product(
        name=name,
        slug=slug,
        manufacturer=manufacturer,
        width_cm=width_cm,
        depth_cm=depth_cm,
        height_cm=height_cm,
        **fields,
    )
    return product_save(product=product, actor=actor)


def product_update(*, product: Product, actor: Actor, **changes) -> Product:
    _refuse_unknown(changes, PRODUCT_FIELDS, "product")
    for name, value in changes.items():
        setattr(product, name, value)
    return product_save(product=product, actor=actor)


@transaction.atomic
def product_save(*, product: Product, actor: Actor) -> Product:
    """Validate, sanitise and save a new or edited product (also used by the admin)."""
    require(actor)
    creating = product.pk is None
    product.description = sanitize_html(product.description)
    for axis in ("width_cm", "depth_cm", "height_cm"):
        setattr(product, axis, decimal_or_fail(getattr(product, axis), axis, positive=True))
    product.weight_kg = decimal_or_fail(product.weight_kg, "weight_kg")
    if product.made_to_order and not product.lead_time_days:
        raise ValidationFailed("lead_time_days: a made-to-order product needs a lead time.")
    if Product.objects.filter(slug=product.slug).exclude(pk=product.pk).exists():
        raise ValidationFailed(f"slug: '{product.slug}' is already used by another product.")
    clean_and_save(product, actor=actor)
    cache.bump("catalog")
    if creating:
        ProductPublication.objects.bulk_create(
            [ProductPublication(product=product, channel=c) for c in Channel.values]
        )
    return product


def _refuse_unknown(fields: dict, allowed: frozenset[str], what: str) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationFailed(f"Unknown {what} fields: {', '.join(sorted(unknown))}.")


# --- Attributes ---------------------------------------------------------------------
@transaction.atomic
def attribute_create(*, name: str, slug: str, position: int = 0, actor: Actor) -> Attribute:
    require(actor)
    cache.bump("catalog")
    return clean_and_save(Attribute(name=name, slug=slug, position=position), actor=actor)


@transaction.atomic
def attribute_value_create(
    *, attribute: Attribute, name: str, slug: str, position: int = 0, actor: Actor
) -> AttributeValue:
    require(actor)
    value = AttributeValue(attribute=attribute, name=name, slug=slug, position=position)
    cache.bump("catalog")
    return clean_and_save(value, actor=actor)


# --- Variants -----------------------------------------------------------------------
def variant_create(
    *,
    product: Product,
    sku: str,
    barcode: str | None = None,
    name: str = "",
    values: Iterable[AttributeValue] = (),
    position: int = 0,
    is_active: bool = True,
    actor: Actor,
) -> ProductVariant:
    variant = ProductVariant(
        product=product,
        sku=sku,
        barcode=barcode,
        name=name,
        position=position,
        is_active=is_active,
    )
    return variant_save(variant=variant, values=values, actor=actor)


def variant_update(
    *, variant: ProductVariant, actor: Actor, values: Iterable | None = None, **changes
) -> ProductVariant:
    _refuse_unknown(changes, VARIANT_FIELDS, "variant")
    for name, value in changes.items():
        setattr(variant, name, value)
    return variant_save(variant=variant, values=values, actor=actor)


@transaction.atomic
def variant_save(
    *, variant: ProductVariant, actor: Actor, values: Iterable[AttributeValue] | None = None
) -> ProductVariant:
    """Validate and save a variant; `values` (if given) replaces its attribute values."""
    require(actor)
    variant.sku = (variant.sku or "").strip()
    variant.barcode = (variant.barcode or "").strip() or None
    check_sku(variant.sku, variant_id=variant.pk)
    if variant.barcode:
        check_barcode(variant.barcode, variant_id=variant.pk)
    clean_and_save(variant, actor=actor)
    if values is not None:
        _set_values(variant, list(values))
    cache.bump("catalog")
    return variant


def check_sku(sku: str, *, variant_id: int | None = None) -> None:
    if not SKU_RE.match(sku):
        raise ValidationFailed(
            f"sku: {sku!r} is not a valid SKU (letters, digits, '.', '_', '-'; max 64).",
            code="invalid_sku",
        )
    clash = ProductVariant.objects.filter(sku=sku).exclude(pk=variant_id).first()
    if clash is not None:
        raise ValidationFailed(
            f"sku: '{sku}' is already used (product {clash.product_id}).", code="duplicate_sku"
        )


def check_barcode(barcode: str, *, variant_id: int | None = None) -> None:
    if not gtin_is_valid(barcode):
        raise ValidationFailed(
            f"barcode: {barcode!r} is not a valid GTIN (8, 12, 13 or 14 digits with check digit).",
            code="invalid_barcode",
        )
    if ProductVariant.objects.filter(barcode=barcode).exclude(pk=variant_id).exists():
        raise ValidationFailed(f"barcode: '{barcode}' is already used.", code="duplicate_barcode")


def gtin_is_valid(code: str) -> bool:
    if not code.isdigit() or len(code) not in (8, 12, 13, 14):
        return False
    digits = [int(c) for c in code]
    body, check = digits[:-1], digits[-1]
    total = sum(d * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10 == check


def _set_values(variant: ProductVariant, values: list[AttributeValue]) -> None:
    seen: set[int] = set()
    for value in values:
        if value.attribute_id in seen:
            raise ValidationFailed(
                f"values: a variant has one {value.attribute.name}, not several."
            )
        seen.add(value.attribute_id)
    VariantValue.objects.filter(variant=variant).delete()
    VariantValue.objects.bulk_create(
        [VariantValue(variant=variant, attribute_id=v.attribute_id, value=v) for v in values]
    )
