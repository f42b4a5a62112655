"""Demo steps for the catalog and its prices (issue 3), through the catalog and pricing
services, as the demo's e-commerce manager (the designer submits for review).

`load_catalog`: categories, sixty products with variants, made-to-order options and
sizes, pictures, 3D models, production files, customer groups, collections (two
private, granted to demo customers), the main menu, and publication.
`load_prices`: the four regions' price lists, tax rates, prices, option and size add-ons.

Both create what is missing and save only fields that differ, so a second load writes
nothing. Publication and the menu are arranged once: a product whose publication has
any status history, or a menu that already has an entry for a target, is left as staff
made it. Data: `catalog_data`; generated files: `catalog_media` (`settings.DEMO_MEDIA`).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.utils.text import slugify

from atelier.accounts.actors import actor_for
from atelier.catalog import services as catalog
from atelier.catalog.enums import (
    CollectionKind,
    MenuItemKind,
    ProductionFileKind,
    PublicationStatus,
    Visibility,
)
from atelier.catalog.models import (
    Attribute,
    AttributeValue,
    Category,
    Collection,
    DimensionRange,
    MenuItem,
    OptionChoice,
    OptionGroup,
    Product,
    ProductPublication,
    ProductVariant,
)
from atelier.catalog.richtext import sanitize_html
from atelier.core.actor import Actor
from atelier.core.models import StatusChange
from atelier.customers import services as customers
from atelier.customers.models import CustomerGroup
from atelier.demo import catalog_data as data
from atelier.demo.catalog_media import (
    HERO_SIZE,
    IMAGE_SIZE,
    SWATCH_SIZE,
    Job,
    MediaFactory,
    assembly_guide_pdf,
    media_mode,
)
from atelier.demo.data import EMAIL_DOMAIN
from atelier.pricing.models import DimensionPrice, OptionPrice, PriceEntry, PriceList, TaxRate
from atelier.pricing.services import price_lists as pricing

ECOMMERCE_MANAGER = "ecommerce.manager"
DESIGNER = "designer"


# --- Steps ------------------------------------------------------------------------------


def load_catalog(ctx) -> None:
    """Categories, products, media, collections, menu and publication."""
    mode = media_mode()
    manager, designer = _actor(ctx, ECOMMERCE_MANAGER), _actor(ctx, DESIGNER)
    with MediaFactory(
        cache_dir=getattr(settings, "DEMO_MEDIA_CACHE", None) if mode == "full" else None,
        workers=None if mode == "full" else 0,
    ) as media:
        if mode != "none":
            media.prefetch(_jobs(mode))
        categories = _categories(ctx, manager)
        values = _attributes(ctx, manager)
        products = _products(ctx, manager, categories, values, _swatches(manager, media, mode))
        if mode != "none":
            _product_media(ctx, manager, media, mode, products)
            _category_images(manager, categories, products)
        groups = _customer_groups(ctx)
        collections = _collections(ctx, manager, media, mode, products, groups)
        _menu(ctx, manager, categories, collections)
        if mode != "none":  # approval needs a picture
            _publication(ctx, manager, designer, products)


def load_prices(ctx) -> None:
    """Price lists for the four regions, tax rates, prices and add-ons."""
    manager = _actor(ctx, ECOMMERCE_MANAGER)
    lists = _price_lists(ctx, manager)
    _tax_rates(ctx, manager)
    products = {p.slug: p for p in Product.objects.filter(slug__in=data.BY_SLUG)}
    variants = {v.sku: v for v in ProductVariant.objects.filter(product__in=products.values())}
    _variant_prices(ctx, manager, lists, variants)
    _add_on_prices(ctx, manager, lists, products)


def _actor(ctx, local_part: str) -> Actor:
    """The demo user with this e-mail's local part, else the loader's own actor."""
    user = ctx.users.get(f"{local_part}@{_domain()}")
    return actor_for(user) if user is not None else ctx.actor


def _domain() -> str:
    return EMAIL_DOMAIN


# --- Helpers ----------------------------------------------------------------------------


def _differs(obj, name: str, wanted) -> bool:
    field = obj._meta.get_field(name)
    if field.many_to_one:  # compare keys: no query
        return getattr(obj, field.attname) != (wanted.pk if wanted is not None else None)
    current = getattr(obj, name)
    if field.get_internal_type() == "CharField" and not isinstance(current, str):
        return str(current or "") != str(wanted or "")  # e.g. a CountryField's Country
    return current != wanted


def _changed(obj, wanted: dict) -> dict:
    return {k: v for k, v in wanted.items() if _differs(obj, k, v)}


# --- Categories and attributes ----------------------------------------------------------


def _categories(ctx, actor) -> dict[str, Category]:
    existing = {
        c.slug: c for c in Category.objects.filter(slug__in=[c.slug for c in data.CATEGORIES])
    }
    out = {}
    for position, c in enumerate(data.CATEGORIES):
        wanted = {"name": c.name, "description": sanitize_html(c.description)}
        row = existing.get(c.slug)
        if row is None:
            row = catalog.category_create(
                name=c.name, slug=c.slug, position=position, description=c.description, actor=actor
            )
        elif changes := _changed(row, wanted):
            row = catalog.category_update(category=row, actor=actor, **changes)
        ctx.tally("categories", c.slug not in existing)
        out[c.slug] = row
    return out


def _attributes(ctx, actor) -> dict[tuple[str, str], AttributeValue]:
    """Every attribute value the products use, keyed by (attribute slug, value name)."""
    attributes = {
        a.slug: a for a in Attribute.objects.filter(slug__in=[s for s, _ in data.ATTRIBUTES])
    }
    for position, (slug, name) in enumerate(data.ATTRIBUTES):
        if slug not in attributes:
            attributes[slug] = catalog.attribute_create(
                name=name, slug=slug, position=position, actor=actor
            )
    values = {
        (v.attribute.slug, v.name): v
        for v in AttributeValue.objects.filter(attribute__in=attributes.values()).select_related(
            "attribute"
        )
    }
    wanted = []
    for product in data.PRODUCTS:
        for variant in product.variants:
            for pair in variant.values:
                if pair not in wanted:
                    wanted.append(pair)
    for position, (attribute, name) in enumerate(wanted):
        if (attribute, name) in values:
            continue
        values[(attribute, name)] = catalog.attribute_value_create(
            attribute=attributes[attribute],
            name=name,
            slug=_value_slug(name),
            position=position,
            actor=actor,
        )
        ctx.tally("attribute values", True)
    return values


def _value_slug(name: str) -> str:
    return slugify(name.replace("\u00d8", "round").replace("\u00d7", "x"))[:80]


# --- Products ---------------------------------------------------------------------------


def _products(ctx, actor, categories, values, swatch) -> dict[str, Product]:
    existing = {p.slug: p for p in Product.objects.filter(slug__in=data.BY_SLUG)}
    skus = [v.sku for p in data.PRODUCTS for v in p.variants]
    variants = {
        v.sku: v
        for v in ProductVariant.objects.filter(sku__in=skus).prefetch_related("variant_values")
    }
    out = {}
    for spec in data.PRODUCTS:
        manufacturer = ctx.manufacturers[spec.manufacturer]
        lead_time = manufacturer.lead_time_days + spec.extra_lead_days
        wanted = {
            "name": spec.name,
            "description": sanitize_html(spec.description),
            "manufacturer": manufacturer,
            "category": categories[spec.category],
            "width_cm": spec.dimension("width"),
            "depth_cm": spec.dimension("depth"),
            "height_cm": spec.dimension("height"),
            "weight_kg": spec.weight_kg,
            "materials": spec.materials,
            "care_notes": spec.care_notes,
            "made_to_order": spec.is_made_to_order,
            "lead_time_days": lead_time,
        }
        product = existing.get(spec.slug)
        if product is None:
            product = catalog.product_create(slug=spec.slug, actor=actor, **wanted)
        elif changes := _changed(product, wanted):
            product = catalog.product_update(product=product, actor=actor, **changes)
        ctx.tally("products", spec.slug not in existing)
        out[spec.slug] = product
        for position, v in enumerate(spec.variants):
            _variant(ctx, actor, product, v, position, values, variants.get(v.sku))
        if spec.made_to_order is not None:
            _made_to_order(ctx, actor, product, spec.made_to_order, swatch)
    return out


def _variant(ctx, actor, product, spec, position, values, row) -> None:
    chosen = [values[pair] for pair in spec.values]
    if row is None:
        catalog.variant_create(
            product=product,
            sku=spec.sku,
            barcode=spec.barcode,
            name=spec.name,
            values=chosen,
            position=position,
            actor=actor,
        )
        ctx.tally("variants", True)
        return
    changes = _changed(row, {"barcode": spec.barcode, "name": spec.name, "position": position})
    current = {vv.value_id for vv in row.variant_values.all()}
    new_values = chosen if current != {v.pk for v in chosen} else None
    if changes or new_values is not None:
        catalog.variant_update(variant=row, values=new_values, actor=actor, **changes)
    ctx.tally("variants", False)


def _made_to_order(ctx, actor, product, spec: data.MadeToOrder, swatch) -> None:
    groups = {g.code: g for g in OptionGroup.objects.filter(product=product)}
    choices = {(c.group_id, c.code): c for c in OptionChoice.objects.filter(group__product=product)}
    for position, option in enumerate(spec.options):
        group = groups.get(option.code)
        if group is None:
            group = catalog.option_group_create(
                product=product,
                code=option.code,
                name=option.name,
                kind=option.kind,
                position=position,
                actor=actor,
            )
        for i, choice in enumerate(option.choices):
            row = choices.get((group.pk, choice.code))
            if row is None:
                catalog.option_choice_create(
                    group=group,
                    code=choice.code,
                    name=choice.name,
                    swatch=swatch(choice),
                    position=i,
                    actor=actor,
                )
            elif row.swatch_id is None and (image := swatch(choice)) is not None:
                row.swatch = image
                catalog.option_save(obj=row, actor=actor)
            ctx.tally("option choices", row is None)
    ranges = {r.axis: r for r in DimensionRange.objects.filter(product=product)}
    for size in spec.sizes:
        row = ranges.get(size.axis)
        if row is None or (row.min_cm, row.max_cm) != (size.min_cm, size.max_cm):
            catalog.dimension_range_set(
                product=product,
                axis=size.axis,
                min_cm=size.min_cm,
                max_cm=size.max_cm,
                actor=actor,
            )
            ctx.tally("custom size ranges", True)


# --- Media ------------------------------------------------------------------------------


def _image_job(spec: data.ProductData, view: int, mode: str) -> Job:
    return Job.of(
        "image", thumbnails=mode == "full", size=IMAGE_SIZE[mode], **spec.look.image_kwargs(view)
    )


def _hero_job(collection: data.CollectionData, mode: str) -> Job:
    theme, scheme, variant = collection.hero
    return Job.of(
        "hero",
        thumbnails=mode == "full",
        theme=theme,
        palette=scheme,
        variant=variant,
        size=HERO_SIZE[mode],
    )


def _glb_job(spec: data.ProductData) -> Job:
    kwargs = spec.look.glb_kwargs()
    kwargs["colour_rgb"] = tuple(kwargs["colour_rgb"])
    return Job.of("glb", **kwargs)


def _swatch_job(choice: data.ChoiceData, mode: str) -> Job:
    return Job.of(
        "swatch",
        thumbnails=mode == "full",
        finish=choice.swatch,
        texture=choice.swatch_texture,
        size=SWATCH_SIZE[mode],
    )


def _swatches(actor, media: MediaFactory, mode: str):
    """A function giving an option choice its swatch picture (None without media)."""
    uploaded: dict[str, object] = {}

    def swatch(choice: data.ChoiceData):
        if mode == "none" or not choice.swatch:
            return None
        job = _swatch_job(choice, mode)
        if job.key not in uploaded:
            alt = f"Swatch of {choice.name}"
            uploaded[job.key] = _upload_image(
                actor, media.get(job), f"swatch-{choice.code}.webp", alt
            )
        return uploaded[job.key]

    return swatch


def _choices_with_swatches() -> list[data.ChoiceData]:
    seen, out = set(), []
    for p in data.PRODUCTS:
        for option in p.made_to_order.options if p.made_to_order else ():
            for choice in option.choices:
                if choice.swatch and (choice.swatch, choice.swatch_texture) not in seen:
                    seen.add((choice.swatch, choice.swatch_texture))
                    out.append(choice)
    return out


def _jobs(mode: str) -> list[Job]:
    """Everything the catalog may need, about in the order the loader asks for it:
    swatches (products), heroes (rendered while the products are written), then each
    product's pictures and model."""
    jobs = [_swatch_job(c, mode) for c in _choices_with_swatches()]
    jobs += [_hero_job(c, mode) for c in data.COLLECTIONS]
    for p in data.PRODUCTS:
        jobs += [_image_job(p, view, mode) for view in p.image_views]
        if p.model_3d or p.is_made_to_order:
            jobs.append(_glb_job(p))
    return jobs


def _product_media(ctx, actor, media: MediaFactory, mode: str, products) -> None:
    with_images = set(
        Product.objects.filter(slug__in=products, images__isnull=False).values_list(
            "slug", flat=True
        )
    )
    with_models = set(
        Product.objects.filter(slug__in=products, models_3d__isnull=False).values_list(
            "slug", flat=True
        )
    )
    with_files = set(
        Product.objects.filter(slug__in=products, production_files__isnull=False).values_list(
            "slug", flat=True
        )
    )
    for spec in data.PRODUCTS:
        product = products[spec.slug]
        if spec.slug not in with_images:
            for position, view in enumerate(spec.image_views):
                rendered = media.get(_image_job(spec, view, mode))
                image = _upload_image(
                    actor, rendered, f"{spec.slug}-{view}.webp", data.alt_text(spec, view)
                )
                catalog.product_image_add(
                    product=product, image=image, position=position, actor=actor
                )
                ctx.tally("product images", True)
        if spec.model_3d and spec.slug not in with_models:
            glb = media.get(_glb_job(spec)).data
            catalog.model3d_upload(
                product=product,
                file=ContentFile(glb, name=f"{spec.slug}.glb"),
                label=f"{spec.name}, 3D model",
                actor=actor,
            )
            ctx.tally("3D models", True)
        if spec.slug not in with_files:
            _production_files(ctx, actor, media, spec, product)


def _upload_image(actor, rendered, name: str, alt_text: str):
    image = catalog.image_upload(
        file=ContentFile(rendered.data, name=name), alt_text=alt_text, actor=actor
    )
    if rendered.thumbnails:
        _store_thumbnails(image, rendered.thumbnails)
    return image


def _store_thumbnails(image, thumbnails: dict[str, bytes]) -> None:
    """Put the worker-encoded thumbnails where easy-thumbnails looks for them, so the
    after-upload task finds them made (its own check: the file exists and is newer than
    the picture). Anything missing or different is still made by that task."""
    from easy_thumbnails.files import get_thumbnailer

    thumbnailer = get_thumbnailer(image.file)
    storage = thumbnailer.thumbnail_storage
    aliases = settings.THUMBNAIL_ALIASES.get("", {})
    for alias, payload in thumbnails.items():
        if alias not in aliases:
            continue
        options = thumbnailer.get_options(aliases[alias])
        name = thumbnailer.get_thumbnail_name(options, transparent=False)
        if not storage.exists(name):
            storage.save(name, ContentFile(payload))


def _production_files(ctx, actor, media, spec: data.ProductData, product) -> None:
    manufacturer = ctx.manufacturers[spec.manufacturer]
    lines = [
        f"{spec.name} - assembly and installation",
        f"Workshop: {manufacturer.name}, {manufacturer.city}",
        "Size: {} x {} x {} cm (W x D x H); weight {} kg".format(
            spec.dimension("width"),
            spec.dimension("depth"),
            spec.dimension("height"),
            spec.weight_kg,
        ),
        f"SKUs: {', '.join(v.sku for v in spec.variants)}",
        f"Materials: {spec.materials}",
        "",
        *data.ASSEMBLY_STEPS[spec.look.kind],
        "",
        "Care: " + spec.care_notes[:110],
    ]
    pdf = assembly_guide_pdf(f"Atelier - {spec.name}", lines)
    catalog.production_file_upload(
        product=product,
        kind=ProductionFileKind.ASSEMBLY,
        file=ContentFile(pdf, name=f"{spec.slug}-assembly.pdf"),
        title=f"Assembly instructions: {spec.name}",
        actor=actor,
    )
    ctx.tally("production files", True)
    if spec.model_3d or spec.is_made_to_order:
        glb = media.get(_glb_job(spec)).data
        catalog.production_file_upload(
            product=product,
            kind=ProductionFileKind.CAD,
            file=ContentFile(glb, name=f"{spec.slug}-model.glb"),
            title=f"3D model (CAD reference): {spec.name}",
            actor=actor,
        )
        ctx.tally("production files", True)


def _category_images(actor, categories, products) -> None:
    """Each category's picture: the first picture of its first product."""
    for c in data.CATEGORIES:
        category = categories[c.slug]
        if category.image_id is not None:
            continue
        first = next(p for p in data.PRODUCTS if p.category == c.slug)
        image = products[first.slug].images.order_by("position").first()
        if image is not None:
            catalog.category_update(category=category, image=image.image, actor=actor)


# --- Customer groups and collections ----------------------------------------------------


def _customer_groups(ctx) -> dict[str, CustomerGroup]:
    out = {}
    for g in data.CUSTOMER_GROUPS:
        group, created = customers.customer_group_upsert(slug=g.slug, name=g.name, actor=ctx.actor)
        ctx.tally("customer groups", created)
        members = [ctx.users[e] for e in g.members if e in ctx.users]
        customers.customer_group_add_members(group=group, users=members, actor=ctx.actor)
        out[g.slug] = group
    return out


def _collections(ctx, actor, media, mode, products, groups) -> dict[str, Collection]:
    existing = {
        c.slug: c for c in Collection.objects.filter(slug__in=[c.slug for c in data.COLLECTIONS])
    }
    out = {}
    for position, c in enumerate(data.COLLECTIONS):
        wanted = {
            "name": c.name,
            "description": sanitize_html(c.description),
            "kind": CollectionKind.RULE if c.is_rule else CollectionKind.MANUAL,
            "rule_manufacturer": ctx.manufacturers[c.rule_manufacturer]
            if c.rule_manufacturer
            else None,
            "rule_made_to_order": c.rule_made_to_order,
            "visibility": Visibility.PRIVATE if c.private else Visibility.PUBLIC,
            "max_quantity": c.max_quantity,
            "position": position,
        }
        row = existing.get(c.slug)
        if row is None:
            row = catalog.collection_create(slug=c.slug, actor=actor, **wanted)
        elif changes := _changed(row, wanted):
            row = catalog.collection_update(collection=row, actor=actor, **changes)
        ctx.tally("collections", c.slug not in existing)
        if mode != "none" and row.hero_image_id is None:
            rendered = media.get(_hero_job(c, mode))
            hero = _upload_image(actor, rendered, f"{c.slug}-hero.webp", c.hero_alt)
            row = catalog.collection_update(collection=row, hero_image=hero, actor=actor)
        if not c.is_rule:
            wanted_ids = [products[s].pk for s in c.products]
            current = list(
                row.entries.order_by("position", "id").values_list("product_id", flat=True)
            )
            if current != wanted_ids:
                catalog.collection_set_products(
                    collection=row, products=[products[s] for s in c.products], actor=actor
                )
        if c.private:
            _grant(
                actor,
                row,
                [ctx.users[e] for e in c.grant_users if e in ctx.users],
                [groups[g] for g in c.grant_groups],
            )
        out[c.slug] = row
    return out


def _grant(actor, collection, users, groups) -> None:
    have_users = set(collection.granted_users.values_list("pk", flat=True))
    have_groups = set(collection.granted_groups.values_list("pk", flat=True))
    users = [u for u in users if u.pk not in have_users]
    groups = [g for g in groups if g.pk not in have_groups]
    if users or groups:
        catalog.collection_grant(collection=collection, users=users, groups=groups, actor=actor)


# --- Menu -------------------------------------------------------------------------------


def _menu(ctx, actor, categories, collections) -> None:
    """The main menu: the eight categories, "Collections" (the public ones beneath it)
    and "Made to order". Entries are added for targets the menu lacks; existing entries
    stay where the e-commerce manager put them."""
    items = list(MenuItem.objects.filter(menu="main"))
    by_category = {i.category_id: i for i in items if i.kind == MenuItemKind.CATEGORY}
    by_collection = {i.collection_id: i for i in items if i.kind == MenuItemKind.COLLECTION}
    by_url = {i.url: i for i in items if i.kind == MenuItemKind.PAGE}

    def add(**kwargs) -> MenuItem:
        ctx.tally("menu entries", True)
        return catalog.menu_item_create(menu="main", actor=actor, **kwargs)

    for c in data.CATEGORIES:
        category = categories[c.slug]
        if category.pk not in by_category:
            by_category[category.pk] = add(kind=MenuItemKind.CATEGORY, category=category)
    parent = by_url.get(data.MENU_COLLECTIONS_URL)
    if parent is None:
        parent = add(kind=MenuItemKind.PAGE, label="Collections", url=data.MENU_COLLECTIONS_URL)
    for c in data.COLLECTIONS:
        collection = collections[c.slug]
        if c.private or not c.in_menu or collection.pk in by_collection:
            continue
        by_collection[collection.pk] = add(
            kind=MenuItemKind.COLLECTION, collection=collection, parent=parent
        )
    made = collections[data.MADE_TO_ORDER_COLLECTION]
    if made.pk not in by_collection:
        add(kind=MenuItemKind.COLLECTION, collection=made, label="Made to order")


# --- Publication ------------------------------------------------------------------------


def _publication(ctx, manager, designer, products) -> None:
    """Walk untouched products through review: the designer submits, the e-commerce
    manager approves. Two stay in draft and one waits in review. A publication with any
    status history is left alone (staff may have unpublished it since)."""
    rows = list(
        ProductPublication.objects.filter(product__in=products.values()).select_related("product")
    )
    touched = set(
        StatusChange.objects.filter(
            content_type=ContentType.objects.get_for_model(ProductPublication),
            object_id__in=[str(r.pk) for r in rows],
        ).values_list("object_id", flat=True)
    )
    for row in rows:
        slug = row.product.slug
        if str(row.pk) in touched or row.status != PublicationStatus.DRAFT or slug in data.DRAFTS:
            ctx.tally("publications", False)
            continue
        catalog.product_submit_for_review(product=row.product, channel=row.channel, actor=designer)
        if slug not in data.IN_REVIEW:
            catalog.product_approve(product=row.product, channel=row.channel, actor=manager)
        ctx.tally("publications", True)


# --- Prices -----------------------------------------------------------------------------


def _price_lists(ctx, actor) -> dict[str, PriceList]:
    existing = {
        p.code: p for p in PriceList.objects.filter(code__in=[p.code for p in data.PRICE_LISTS])
    }
    out = {}
    for spec in data.PRICE_LISTS:
        wanted = {
            "name": spec.name,
            "currency": spec.currency,
            "region": ctx.regions[spec.region],
            "tax_display": spec.tax_display,
            "default_tax_country": spec.default_tax_country,
            "base_list": out[spec.base] if spec.base else None,
            "percentage": spec.percentage,
            "rounding_step": spec.rounding_step,
            "rounding_ending": spec.rounding_ending,
        }
        row = existing.get(spec.code)
        if row is None:
            row = pricing.price_list_create(code=spec.code, actor=actor, **wanted)
        elif changes := _changed(row, wanted):
            for k, v in changes.items():
                setattr(row, k, v)
            row = pricing.price_list_save(price_list=row, actor=actor)
        ctx.tally("price lists", spec.code not in existing)
        out[spec.code] = row
    return out


def _tax_rates(ctx, actor) -> None:
    have = {
        (str(t.country), t.state): t.rate for t in TaxRate.objects.filter(valid_from__isnull=True)
    }
    wanted = [(c, "", rate, "VAT") for c, rate in data.VAT.items()]
    wanted += [("US", s, rate, "Sales tax") for s, rate in data.US_SALES_TAX.items()]
    for country, state, rate, name in wanted:
        if have.get((country, state)) == Decimal(rate):
            ctx.tally("tax rates", False)
            continue
        pricing.tax_rate_set(
            country=country,
            state=state,
            rate=Decimal(rate),
            name=f"{name} {country}{'-' + state if state else ''}",
            actor=actor,
        )
        ctx.tally("tax rates", (country, state) not in have)


def _variant_prices(ctx, actor, lists, variants) -> None:
    fixed = {"eu-eur": "eur", "us-usd": "usd"}
    have = {
        (e.price_list_id, e.variant_id): e.amount
        for e in PriceEntry.objects.filter(
            price_list__in=[lists[c] for c in fixed], min_quantity=1, valid_from__isnull=True
        )
    }
    for code, currency_field in fixed.items():
        price_list = lists[code]
        for spec in data.PRODUCTS:
            for v in spec.variants:
                variant = variants[v.sku]
                amount = getattr(v, currency_field)
                current = have.get((price_list.pk, variant.pk))
                if current == amount:
                    ctx.tally("prices", False)
                    continue
                pricing.price_entry_set(
                    price_list=price_list, variant_id=variant.pk, amount=amount, actor=actor
                )
                ctx.tally("prices", current is None)


def _add_on_prices(ctx, actor, lists, products) -> None:
    eu, us = lists["eu-eur"], lists["us-usd"]
    choices = {
        (c.group.product_id, c.group.code, c.code): c
        for c in OptionChoice.objects.filter(group__product__in=products.values()).select_related(
            "group"
        )
    }
    options = {
        (o.price_list_id, o.choice_id): o.amount
        for o in OptionPrice.objects.filter(price_list__in=[eu, us])
    }
    sizes = {
        (d.price_list_id, d.product_id, d.axis): (d.step_cm, d.amount_per_step)
        for d in DimensionPrice.objects.filter(price_list__in=[eu, us])
    }
    for spec in data.PRODUCTS:
        if spec.made_to_order is None:
            continue
        product = products[spec.slug]
        for option in spec.made_to_order.options:
            for choice in option.choices:
                row = choices[(product.pk, option.code, choice.code)]
                for price_list, amount in (
                    (eu, Decimal(choice.eur)),
                    (us, data.usd_add_on(choice.eur)),
                ):
                    current = options.get((price_list.pk, row.pk))
                    if current == amount:
                        continue
                    pricing.option_price_set(
                        price_list=price_list, choice_id=row.pk, amount=amount, actor=actor
                    )
                    ctx.tally("option prices", current is None)
        for size in spec.made_to_order.sizes:
            for price_list, amount in (
                (eu, Decimal(size.eur_per_step)),
                (us, data.usd_add_on(size.eur_per_step)),
            ):
                wanted = (Decimal(size.step_cm), amount)
                current = sizes.get((price_list.pk, product.pk, size.axis))
                if current == wanted:
                    continue
                pricing.dimension_price_set(
                    price_list=price_list,
                    product_id=product.pk,
                    axis=size.axis,
                    step_cm=size.step_cm,
                    amount_per_step=amount,
                    actor=actor,
                )
                ctx.tally("size prices", current is None)
