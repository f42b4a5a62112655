"""What other contexts (pricing, sales, purchasing, inventory...) may ask the catalog.

Everything returns frozen dataclasses from `catalog.dto`, never models. Lookups raise
`NotFound`; `validate_configuration` raises `ValidationFailed` with a sentence to show.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from django.db.models import Prefetch, Q

from atelier.catalog import access
from atelier.catalog.configuration import validate_configuration
from atelier.catalog.csv_rows import (
    CATALOG_COLUMNS,
    RowError,
    apply_catalog_rows,
    check_catalog_rows,
    export_catalog_rows,
)
from atelier.catalog.dto import (
    Configuration,
    CustomDimension,
    Dimensions,
    LimitedEdition,
    ManufacturerRef,
    ProductionFileRef,
    ProductSnapshot,
    SelectedOption,
    ShippingData,
    VariantInfo,
)
from atelier.catalog.enums import Axis, Channel, CollectionKind, PublicationStatus
from atelier.catalog.models import (
    Category,
    CollectionProduct,
    OptionChoice,
    Product,
    ProductPublication,
    ProductVariant,
    VariantValue,
)
from atelier.catalog.models import Collection as CollectionModel
from atelier.catalog.selectors.listing import rule_filter
from atelier.core.actor import Actor
from atelier.core.errors import NotFound, ValidationFailed

__all__ = [
    "CATALOG_COLUMNS",
    "Axis",
    "Channel",
    "Configuration",
    "CustomDimension",
    "Dimensions",
    "ProductSnapshot",
    "RowError",
    "SelectedOption",
    "ShippingData",
    "VariantInfo",
    "apply_catalog_rows",
    "category_choices",
    "category_ids_by_slug",
    "check_catalog_rows",
    "collection_ids_by_slug",
    "export_catalog_rows",
    "find_variant_ids",
    "get_variant",
    "get_variant_by_sku",
    "is_sellable",
    "option_choice_ids",
    "option_pairs",
    "product_shipping_data_set",
    "product_snapshot",
    "product_visible_to",
    "products_made_by",
    "shipping_data",
    "validate_configuration",
    "variant_category_paths",
    "variant_collection_ids",
    "variant_ids_by_sku",
    "variants_by_ids",
]


def _variants():
    return ProductVariant.objects.select_related("product").prefetch_related(
        Prefetch(
            "variant_values",
            VariantValue.objects.select_related("attribute", "value").order_by(
                "attribute__position", "attribute__name"
            ),
        ),
        Prefetch(
            "product__publications",
            ProductPublication.objects.filter(status=PublicationStatus.PUBLISHED),
            to_attr="live",
        ),
    )


def _info(variant: ProductVariant) -> VariantInfo:
    product = variant.product
    return VariantInfo(
        id=variant.pk,
        sku=variant.sku,
        barcode=variant.barcode,
        name=variant.name,
        is_active=variant.is_active,
        product_id=product.pk,
        product_slug=product.slug,
        product_name=product.name,
        made_to_order=product.made_to_order,
        lead_time_days=product.lead_time_days,
        attributes=tuple((vv.attribute.name, vv.value.name) for vv in variant.variant_values.all()),
        published_channels=frozenset(p.channel for p in product.live),
    )


def get_variant(variant_id: int) -> VariantInfo:
    variant = _variants().filter(pk=variant_id).first()
    if variant is None:
        raise NotFound("No such variant.")
    return _info(variant)


def get_variant_by_sku(sku: str) -> VariantInfo:
    variant = _variants().filter(sku=(sku or "").strip()).first()
    if variant is None:
        raise NotFound(f"No variant with SKU {sku!r}.")
    return _info(variant)


def variants_by_ids(variant_ids: Collection[int]) -> dict[int, VariantInfo]:
    """Bulk lookup (3 queries whatever the count); unknown ids are left out."""
    return {v.pk: _info(v) for v in _variants().filter(pk__in=list(variant_ids))}


def shipping_data(variant_ids: Collection[int]) -> dict[int, ShippingData]:
    """Customs and parcel data per variant (one query); unknown ids are left out."""
    rows = ProductVariant.objects.select_related("product").filter(pk__in=list(variant_ids))
    return {v.pk: _shipping(v) for v in rows}


def product_shipping_data_set(*, product_id: int, actor: Actor, **fields) -> None:
    """Set a product's customs and parcel data (`services.products.SHIPPING_FIELDS`)."""
    from atelier.catalog.services.products import SHIPPING_FIELDS, product_update

    unknown = set(fields) - SHIPPING_FIELDS
    if unknown:
        raise ValidationFailed(f"Not shipping data: {', '.join(sorted(unknown))}.")
    product = Product.objects.filter(pk=product_id).first()
    if product is None:
        raise NotFound("No such product.")
    product_update(product=product, actor=actor, **fields)


def _shipping(variant: ProductVariant) -> ShippingData:
    p = variant.product
    return ShippingData(
        variant_id=variant.pk,
        product_id=p.pk,
        product_name=p.name,
        materials=p.materials,
        hs_code=p.hs_code,
        country_of_manufacture=p.country_of_manufacture,
        weight_kg=p.package_weight_kg if p.package_weight_kg is not None else p.weight_kg,
        package=Dimensions(
            width_cm=p.package_width_cm or p.width_cm,
            depth_cm=p.package_depth_cm or p.depth_cm,
            height_cm=p.package_height_cm or p.height_cm,
        ),
    )


def variant_ids_by_sku(skus: Iterable[str]) -> dict[str, int]:
    return dict(ProductVariant.objects.filter(sku__in=list(skus)).values_list("sku", "id"))


def is_sellable(variant_id: int, channel: str = "online") -> bool:
    """Active variant of a product published in `channel` (a price is pricing's question)."""
    return ProductVariant.objects.filter(
        pk=variant_id,
        is_active=True,
        product__publications__channel=channel,
        product__publications__status=PublicationStatus.PUBLISHED,
    ).exists()


def option_choice_ids(product_id: int) -> tuple[int, ...]:
    return tuple(
        OptionChoice.objects.filter(group__product_id=product_id).values_list("id", flat=True)
    )


def option_pairs(product_id: int, choice_ids: Iterable[int]) -> list[tuple[str, str]]:
    """(group code, choice code) of the given choice ids of a product, for
    `validate_configuration`; an id that is not a choice of the product is refused."""
    wanted = list(choice_ids)
    if any(not isinstance(c, int) or isinstance(c, bool) for c in wanted):
        raise ValidationFailed("options: choice ids are whole numbers.", code="unknown_choice")
    found = OptionChoice.objects.filter(group__product_id=product_id, pk__in=wanted)
    rows = {pk: (group, code) for pk, group, code in found.values_list("pk", "group__code", "code")}
    unknown = [c for c in wanted if c not in rows]
    if unknown:
        raise ValidationFailed(
            f"Option choice {unknown[0]} is not a choice of this product.", code="unknown_choice"
        )
    return [rows[c] for c in wanted]


def product_visible_to(actor: Actor, product_id: int, channel: str = Channel.ONLINE) -> bool:
    """Whether `actor` may see (and so buy) the product in `channel`: published there and,
    when in a private collection, granted. Callers answer NotFound when it is not."""
    return access.products_visible_to(actor, channel).filter(pk=product_id).exists()


def product_snapshot(product_id: int) -> ProductSnapshot:
    """Everything an order line or a purchase order keeps about the product."""
    product = (
        Product.objects.select_related("manufacturer", "category")
        .prefetch_related("production_files", "publications")
        .filter(pk=product_id)
        .first()
    )
    if product is None:
        raise NotFound("No such product.")
    return ProductSnapshot(
        id=product.pk,
        slug=product.slug,
        name=product.name,
        manufacturer=ManufacturerRef(
            product.manufacturer_id, product.manufacturer.code, product.manufacturer.name
        ),
        category_slug=product.category.slug if product.category else None,
        dimensions=Dimensions(product.width_cm, product.depth_cm, product.height_cm),
        weight_kg=product.weight_kg,
        materials=product.materials,
        care_notes=product.care_notes,
        made_to_order=product.made_to_order,
        lead_time_days=product.lead_time_days,
        production_files=tuple(_file_ref(f) for f in product.production_files.all()),
        published_channels=frozenset(
            p.channel for p in product.publications.all() if p.status == PublicationStatus.PUBLISHED
        ),
        limited_editions=_editions(product.pk),
    )


def products_made_by(manufacturer_id: int) -> list[tuple[int, str, str, bool]]:
    """(id, name, slug, made_to_order) of the products a manufacturer makes, by name."""
    rows = Product.objects.filter(manufacturer_id=manufacturer_id).order_by("name", "id")
    return list(rows.values_list("id", "name", "slug", "made_to_order"))


def _file_ref(row) -> ProductionFileRef:
    return ProductionFileRef(
        id=row.pk,
        kind=row.kind,
        title=row.title,
        name=row.file.name,
        size_bytes=row.size_bytes,
        sha256=row.sha256,
    )


def _editions(product_id: int) -> tuple[LimitedEdition, ...]:
    rows = CollectionProduct.objects.filter(
        product_id=product_id, collection__max_quantity__isnull=False
    ).select_related("collection")
    return tuple(
        LimitedEdition(r.collection_id, r.collection.slug, r.collection.max_quantity) for r in rows
    )


# --- Lookups for inventory (stock pages, count sheets, category budgets) ----------------


def find_variant_ids(
    *,
    text: str = "",
    category_id: int | None = None,
    active_only: bool = False,
    limit: int | None = None,
) -> list[int]:
    """Ids of the variants whose SKU, barcode, name or product name contains `text`,
    and/or whose product is in `category_id` or one of its sub-categories, in id order.

    No filter gives every variant. An unknown category gives none. At most two queries.
    """
    rows = ProductVariant.objects.all()
    text = (text or "").strip()
    if text:
        rows = rows.filter(
            Q(sku__icontains=text)
            | Q(barcode=text)
            | Q(name__icontains=text)
            | Q(product__name__icontains=text)
        )
    if category_id is not None:
        path = Category.objects.filter(pk=category_id).values_list("path", flat=True).first()
        if path is None:
            return []
        rows = rows.filter(product__category__path__startswith=path)
    if active_only:
        rows = rows.filter(is_active=True)
    ids = rows.order_by("id").values_list("id", flat=True)
    return list(ids[:limit] if limit else ids)


def variant_category_paths(variant_ids: Collection[int]) -> dict[int, tuple[int, ...]]:
    """For each variant, its product's category and that category's ancestors as ids,
    root first (empty when uncategorised); unknown ids are left out. One query."""
    rows = ProductVariant.objects.filter(pk__in=list(variant_ids)).values_list(
        "id", "product__category__path"
    )
    return {vid: tuple(int(p) for p in (path or "").split("/") if p) for vid, path in rows}


def variant_collection_ids(variant_ids: Collection[int]) -> dict[int, tuple[int, ...]]:
    """For each variant, the active collections its product is in: hand-picked ones and
    rule-based ones whose rules it meets (for promotions restricted to collections).
    One query, plus one per active rule-based collection."""
    rows = ProductVariant.objects.filter(pk__in=list(variant_ids)).values_list("id", "product_id")
    product_of = dict(rows)
    products = set(product_of.values())
    found: dict[int, set[int]] = {p: set() for p in products}
    entries = CollectionProduct.objects.filter(product_id__in=products, collection__is_active=True)
    for product_id, collection_id in entries.values_list("product_id", "collection_id"):
        found[product_id].add(collection_id)
    rule_based = CollectionModel.objects.filter(is_active=True, kind=CollectionKind.RULE)
    for collection in rule_based.select_related("rule_category"):
        matching = Product.objects.filter(rule_filter(collection), pk__in=products)
        for product_id in matching.values_list("pk", flat=True):
            found[product_id].add(collection.pk)
    return {v: tuple(sorted(found[p])) for v, p in product_of.items()}


def category_choices() -> list[tuple[int, str]]:
    """(id, name indented by depth) of every active category, in tree order. One query."""
    rows = Category.objects.filter(is_active=True).order_by("path")
    rows = rows.values_list("id", "name", "depth")
    return [(pk, f"{'— ' * depth}{name}") for pk, name, depth in rows]


def category_ids_by_slug(slugs: Iterable[str]) -> dict[str, int]:
    """{slug: id} of the categories with these slugs (unknown slugs left out). One query."""
    return dict(Category.objects.filter(slug__in=list(slugs)).values_list("slug", "id"))


def collection_ids_by_slug(slugs: Iterable[str]) -> dict[str, int]:
    """{slug: id} of the collections with these slugs (unknown slugs left out). One query."""
    rows = CollectionModel.objects.filter(slug__in=list(slugs))
    return dict(rows.values_list("slug", "id"))
