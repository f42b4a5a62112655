"""Benchmark fixture: a published catalog of N products priced in one region, fast.

    DATABASE_URL=... .venv/bin/python bench/seed_catalog.py --products 10000

This is test data for `bench/run.py`, not a business write: rows go in with bulk_create
(no services, no history, no events), in one transaction. It refuses a database that
holds anything but its own data, so it can never touch the development or demo data.
Prints one JSON line: what it made and the URLs worth measuring.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "atelier.config.settings")

PREFIX = "bench-"
NEEDS_FRESH_DATABASE = 3  # exit code: the database holds other data
BATCH = 2000
ROOTS = ("Living", "Dining", "Bedroom", "Office", "Outdoor")
LEAVES = ("Sofas", "Tables", "Chairs", "Storage")
COLOURS = ("walnut", "oak", "ash", "ebony", "linen", "bouclé")


def seed(products: int) -> dict:
    """Create the catalog (or keep it when it is already there); returns what the bench
    needs: a category slug, a product slug and the counts."""
    from django.db import transaction

    from atelier.catalog.models import Product

    existing = Product.objects.filter(slug__startswith=PREFIX).count()
    if existing == products:
        return _summary(products, created=False)
    if Product.objects.exists():
        print(
            f"seed: the database already holds {Product.objects.count()} products "
            f"(wanted {products} bench products): it needs a fresh database.",
            file=sys.stderr,
        )
        raise SystemExit(NEEDS_FRESH_DATABASE)
    with transaction.atomic():
        _make(products)
    return _summary(products, created=True)


def _make(count: int) -> None:
    from atelier.catalog.models import Product, ProductPublication

    price_list = _pricing()
    makers = _manufacturers()
    leaves = _categories()
    colours = _attribute()
    images = _images()
    rows = [
        Product(
            name=f"Bench piece {i:05d}",
            slug=f"{PREFIX}{i:05d}",
            description="<p>A benchmark piece of furniture, solid and quiet.</p>",
            manufacturer=makers[i % len(makers)],
            category=leaves[i % len(leaves)],
            width_cm=Decimal(120 + i % 120),
            depth_cm=Decimal("60"),
            height_cm=Decimal("80"),
            materials=f"{COLOURS[i % len(COLOURS)].capitalize()}, wool",
            made_to_order=i % 4 == 0,
            lead_time_days=42 if i % 4 == 0 else None,
        )
        for i in range(count)
    ]
    made = Product.objects.bulk_create(rows, batch_size=BATCH)
    ProductPublication.objects.bulk_create(
        (
            ProductPublication(product=p, channel=c, status=s)
            for p in made
            for c, s in (("online", "published"), ("boutiques", "draft"))
        ),
        batch_size=BATCH * 2,
    )
    _variants_and_prices(made, colours, price_list)
    _media(made, images)
    _collections_and_menu(made, leaves)


def _pricing():
    from atelier.org.models import Region
    from atelier.pricing.models import PriceList, TaxRate

    region = Region.objects.create(
        code="eu", name="Europe", currency="EUR", countries=["FR", "DE", "IT"]
    )
    price_list = PriceList.objects.create(
        code="eu", name="Europe", currency="EUR", region=region, default_tax_country="FR"
    )
    TaxRate.objects.bulk_create(
        TaxRate(country=c, rate=Decimal(r)) for c, r in (("FR", "20"), ("DE", "19"), ("IT", "22"))
    )
    return price_list


def _manufacturers():
    from atelier.org.models import Manufacturer

    return Manufacturer.objects.bulk_create(
        Manufacturer(code=f"{PREFIX}maker-{i}", name=f"Bench workshop {i}", country="IT")
        for i in range(8)
    )


def _categories():
    from atelier.catalog.models import Category

    roots = Category.objects.bulk_create(
        Category(name=name, slug=f"{PREFIX}{name.lower()}", position=i)
        for i, name in enumerate(ROOTS)
    )
    for root in roots:
        root.path, root.depth = f"{root.pk}/", 0
    Category.objects.bulk_update(roots, ["path", "depth"])
    leaves = Category.objects.bulk_create(
        Category(
            name=f"{root.name} {leaf.lower()}", slug=f"{root.slug}-{leaf.lower()}", parent=root
        )
        for root in roots
        for leaf in LEAVES
    )
    for leaf in leaves:
        leaf.path, leaf.depth = f"{leaf.parent.path}{leaf.pk}/", 1
    Category.objects.bulk_update(leaves, ["path", "depth"])
    return leaves


def _attribute():
    from atelier.catalog.models import Attribute, AttributeValue

    colour = Attribute.objects.create(name="Colour", slug="colour")
    return AttributeValue.objects.bulk_create(
        AttributeValue(attribute=colour, name=c.capitalize(), slug=c.replace("é", "e"), position=i)
        for i, c in enumerate(COLOURS)
    )


def _images():
    """Twelve real pictures, shared by all products (URLs are computed, not generated)."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from PIL import Image

    from atelier.catalog.models import MediaImage

    images = []
    for i in range(12):
        name = f"catalog/images/bench/{i:02d}.png"
        if not default_storage.exists(name):
            buffer = io.BytesIO()
            Image.new("RGB", (1600, 1200), (90 + i * 10, 70 + i * 5, 50)).save(buffer, "PNG")
            name = default_storage.save(name, ContentFile(buffer.getvalue()))
        images.append(
            MediaImage(
                file=name,
                width=1600,
                height=1200,
                alt_text=f"Bench piece, view {i + 1}",
                sha256=f"{PREFIX}{i:058d}",
            )
        )
    return MediaImage.objects.bulk_create(images)


def _variants_and_prices(products, colours, price_list) -> None:
    from atelier.catalog.models import ProductVariant, VariantValue
    from atelier.pricing.models import PriceEntry

    variants = ProductVariant.objects.bulk_create(
        (
            ProductVariant(product=p, sku=f"BENCH-{i:05d}-{k}", position=k)
            for i, p in enumerate(products)
            for k in range(2)
        ),
        batch_size=BATCH * 2,
    )
    VariantValue.objects.bulk_create(
        (
            VariantValue(variant=v, attribute_id=colours[0].attribute_id, value=colours[i % 6])
            for i, v in enumerate(variants)
        ),
        batch_size=BATCH * 2,
    )
    PriceEntry.objects.bulk_create(
        (
            PriceEntry(price_list=price_list, variant=v, amount=Decimal(490 + (i * 37) % 4000))
            for i, v in enumerate(variants)
        ),
        batch_size=BATCH * 2,
    )


def _media(products, images) -> None:
    from atelier.catalog.models import ProductImage

    ProductImage.objects.bulk_create(
        (ProductImage(product=p, image=images[i % len(images)]) for i, p in enumerate(products)),
        batch_size=BATCH * 2,
    )


def _collections_and_menu(products, leaves) -> None:
    from atelier.catalog.models import Collection, CollectionProduct, MenuItem

    public = [
        Collection(name=f"Bench edit {i}", slug=f"{PREFIX}edit-{i}", position=i) for i in range(3)
    ]
    private = Collection(name="Bench private", slug=f"{PREFIX}private", visibility="private")
    collections = Collection.objects.bulk_create([*public, private])
    entries = [
        CollectionProduct(collection=c, product=p, position=k)
        for n, c in enumerate(collections[:3])
        for k, p in enumerate(products[n * 200 : (n + 1) * 200])
    ]
    # The last 50 products are private: guests never see them (the access filter works).
    entries += [
        CollectionProduct(collection=collections[3], product=p, position=k)
        for k, p in enumerate(products[-50:])
    ]
    CollectionProduct.objects.bulk_create(entries, batch_size=BATCH)
    roots = {leaf.parent_id: leaf.parent for leaf in leaves}.values()
    MenuItem.objects.bulk_create(
        MenuItem(kind="category", category=root, position=i) for i, root in enumerate(roots)
    )


def _summary(products: int, *, created: bool) -> dict:
    from django.urls import NoReverseMatch, reverse

    from atelier.catalog.models import Category

    category = Category.objects.filter(slug=f"{PREFIX}living-sofas").values_list("slug", flat=True)
    category = category.first() or f"{PREFIX}living-sofas"
    product = f"{PREFIX}{products // 2 + 1:05d}"  # mid-catalog, public, priced
    pages = {}
    for name, slug in (("category_page", category), ("product_page", product)):
        url_name = "storefront:" + name.removesuffix("_page")
        try:
            pages[name] = reverse(url_name, kwargs={"slug": slug})
        except NoReverseMatch:
            pages[name] = None
    return {
        "created": created,
        "products": products,
        "category": category,
        "product": product,
        "pages": pages,
    }


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=10_000)
    args = parser.parse_args(argv)
    import django

    django.setup()
    start = time.perf_counter()
    summary = seed(args.products)
    summary["seconds"] = round(time.perf_counter() - start, 1)
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
