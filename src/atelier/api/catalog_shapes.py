"""Turn what the catalog selectors and the pricing facade return into response schemas.

Pure functions: no query (pictures' URLs are computed from their names), so shaping a
page costs nothing on top of the selectors'.
"""

from __future__ import annotations

from atelier.api import catalog_schemas as s
from atelier.catalog import selectors
from atelier.core.money import Money
from atelier.pricing import facade as pricing


def money(value: Money) -> s.MoneyOut:
    return s.MoneyOut(**value.as_dict())


def region(info: pricing.RegionInfo) -> s.RegionOut:
    return s.RegionOut(
        code=info.code,
        name=info.name,
        currency=info.currency,
        tax_display=info.tax_display,
        tax_included=info.tax_included,
        countries=list(info.countries),
    )


def from_price(value: Money | None, info: pricing.RegionInfo | None) -> s.FromPriceOut | None:
    if value is None or info is None:
        return None
    return s.FromPriceOut(
        **value.as_dict(), tax_display=info.tax_display, tax_included=info.tax_included
    )


def price(quote: pricing.PriceQuote) -> s.PriceOut:
    return s.PriceOut(
        **quote.unit_display.as_dict(),
        tax_display=quote.tax_display,
        tax_included=quote.tax_display == "included",
        net=quote.unit_net.as_dict()["amount"],
        tax=quote.unit_tax.as_dict()["amount"],
        gross=quote.unit_gross.as_dict()["amount"],
        tax_rate=str(quote.tax_rate),
        tax_country=quote.tax_country,
        tax_state=quote.tax_state,
        tax_determined=quote.tax_determined,
    )


def image(media, group: str) -> s.ImageOut | None:
    if media is None:
        return None
    return s.ImageOut(**selectors.responsive_image(media, group).__dict__)


def _ref(row) -> s.RefOut | None:
    return None if row is None else s.RefOut(slug=row.slug, name=row.name)


def _manufacturer(product) -> s.ManufacturerOut:
    return s.ManufacturerOut(code=product.manufacturer.code, name=product.manufacturer.name)


# --- Lists --------------------------------------------------------------------------
def card(item: selectors.ProductCard, info: pricing.RegionInfo | None) -> s.ProductCardOut:
    product = item.product
    return s.ProductCardOut(
        slug=product.slug,
        name=product.name,
        manufacturer=_manufacturer(product),
        category=_ref(product.category),
        made_to_order=product.made_to_order,
        lead_time_days=product.lead_time_days,
        from_price=from_price(item.from_price, info),
        image=image(item.cover.image if item.cover else None, "card"),
    )


def product_page(page: selectors.ProductPage, info: pricing.RegionInfo | None) -> s.ProductPageOut:
    return s.ProductPageOut(
        items=[card(item, info) for item in page.items],
        total=page.total,
        page=page.page,
        per_page=page.per_page,
        num_pages=page.num_pages,
        has_next=page.has_next,
        has_previous=page.has_previous,
        region=region(info) if info else None,
    )


# --- Product page -------------------------------------------------------------------
def product_detail(
    detail: selectors.ProductDetail,
    info: pricing.RegionInfo | None,
    quotes: dict[int, pricing.PriceQuote],
    add_ons: pricing.ConfiguratorPrices | None,
) -> s.ProductDetailOut:
    product = detail.product
    variants = [_variant(v, quotes.get(v.pk)) for v in product.live_variants]
    shown = [quotes[v.pk].unit_display for v in product.live_variants if v.pk in quotes]
    return s.ProductDetailOut(
        slug=product.slug,
        name=product.name,
        description=product.description,
        manufacturer=_manufacturer(product),
        category=_ref(product.category),
        breadcrumbs=[_ref(c) for c in detail.breadcrumbs],
        dimensions=s.DimensionsOut(
            width_cm=str(product.width_cm),
            depth_cm=str(product.depth_cm),
            height_cm=str(product.height_cm),
        ),
        weight_kg=None if product.weight_kg is None else str(product.weight_kg),
        materials=product.materials,
        care_notes=product.care_notes,
        made_to_order=product.made_to_order,
        lead_time_days=product.lead_time_days,
        region=region(info) if info else None,
        sold_in_region=bool(shown) if info else None,
        from_price=from_price(min(shown) if shown else None, info),
        variants=variants,
        options=[_option_group(g, add_ons) for g in product.option_groups_ordered],
        custom_dimensions=[_dimension(product, r, add_ons) for r in product.dimension_ranges.all()],
        images=[_gallery(row) for row in product.ordered_images],
        models_3d=[
            s.Model3DOut(url=m.file.url, label=m.label, size_bytes=m.size_bytes)
            for m in product.models_3d.all()
        ],
        collections=[_ref(c) for c in detail.collections],
    )


def _variant(variant, quote: pricing.PriceQuote | None) -> s.VariantOut:
    return s.VariantOut(
        id=variant.pk,
        sku=variant.sku,
        name=variant.name,
        attributes=[
            s.AttributeValueOut(
                attribute=vv.attribute.slug,
                attribute_name=vv.attribute.name,
                value=vv.value.slug,
                value_name=vv.value.name,
            )
            for vv in variant.variant_values.all()
        ],
        price=price(quote) if quote else None,
    )


def _option_group(group, add_ons: pricing.ConfiguratorPrices | None) -> s.OptionGroupOut:
    amounts = add_ons.options if add_ons else {}
    return s.OptionGroupOut(
        code=group.code,
        name=group.name,
        kind=group.kind,
        required=group.required,
        choices=[
            s.OptionChoiceOut(
                id=choice.pk,
                code=choice.code,
                name=choice.name,
                swatch=image(choice.swatch, "swatch"),
                add_on=money(amounts[choice.pk]) if choice.pk in amounts else None,
            )
            for choice in group.active_choices
        ],
    )


def _dimension(product, row, add_ons: pricing.ConfiguratorPrices | None) -> s.CustomDimensionOut:
    rule = add_ons.dimensions.get(row.axis) if add_ons else None
    return s.CustomDimensionOut(
        axis=row.axis,
        standard_cm=str(getattr(product, f"{row.axis}_cm")),
        min_cm=str(row.min_cm),
        max_cm=str(row.max_cm),
        step_cm=str(rule.step_cm) if rule else None,
        amount_per_step=money(rule.amount_per_step) if rule else None,
    )


def _gallery(row) -> s.GalleryImageOut:
    shown = selectors.responsive_image(row.image, "gallery")
    return s.GalleryImageOut(
        **shown.__dict__, variant_sku=row.variant.sku if row.variant_id else None
    )


# --- Navigation ---------------------------------------------------------------------
def category_node(node: selectors.CategoryNode) -> s.CategoryNodeOut:
    return s.CategoryNodeOut(
        slug=node.slug,
        name=node.name,
        depth=node.depth,
        children=[category_node(c) for c in node.children],
    )


def menu_node(node: selectors.MenuNode) -> s.MenuNodeOut:
    return s.MenuNodeOut(
        label=node.label,
        kind=node.kind,
        slug=node.slug,
        url=node.url,
        children=[menu_node(c) for c in node.children],
    )


def collection(row) -> s.CollectionOut:
    video = row.video.url if row.video else (row.video_url or None)
    return s.CollectionOut(
        slug=row.slug,
        name=row.name,
        description=row.description,
        kind=row.kind,
        visibility=row.visibility,
        hero_image=image(row.hero_image, "hero"),
        video_url=video,
        max_quantity=row.max_quantity,
    )
