"""Benchmark: the stock list (selector and back-office page) over 100,000 stock rows.

    .venv/bin/python bench/bench_stock.py [--rows 100000] [--repeat 5]
    DATABASE_URL=postgres://... .venv/bin/python bench/bench_stock.py

Builds a throwaway test database (never the development one), fills it with `rows`
StockLevel rows (bulk_create: variants x locations) and prints how long the stock
selector and the /backoffice/stock/ page take, with their query counts. No assertion on
time: compare the figures with the recorded baselines.
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "atelier.config.settings")
os.environ.setdefault("LOGIN_THROTTLING", "false")


def setup_django():
    import django

    django.setup()


def make_stock_rows(rows: int = 100_000, locations: int = 50) -> dict:
    """Create `rows` StockLevel rows quickly: `locations` sites x rows/locations variants.

    Everything is inserted with bulk_create in batches; returns the ids a caller needs.
    """
    from decimal import Decimal

    from atelier.catalog.models import Product, ProductVariant
    from atelier.core.actor import system_actor
    from atelier.inventory import services
    from atelier.inventory.models import Location, StockLevel
    from atelier.org.models import Boutique, Manufacturer, Region, Warehouse

    region = Region.objects.create(code="bench", name="Bench", currency="EUR")
    maker = Manufacturer.objects.create(code="bench", name="Bench workshop", country="IT")
    Warehouse.objects.create(code="bench-wh", name="Bench warehouse", city="Lyon", country="FR")
    Boutique.objects.bulk_create(
        Boutique(
            code=f"b{i:03d}", name=f"Boutique {i:03d}", region=region, city="Paris", country="FR"
        )
        for i in range(locations - 1)
    )
    services.locations_sync(actor=system_actor("bench"))
    sites = list(Location.objects.filter(kind__in=["warehouse", "boutique"]).order_by("id"))
    per_site = math.ceil(rows / len(sites))
    size = Decimal("100")
    products = Product.objects.bulk_create(
        (
            Product(
                name=f"Bench piece {i:05d}",
                slug=f"bench-{i:05d}",
                manufacturer=maker,
                width_cm=size,
                depth_cm=size,
                height_cm=size,
            )
            for i in range(per_site)
        ),
        batch_size=2000,
    )
    variants = ProductVariant.objects.bulk_create(
        (ProductVariant(product=p, sku=f"BENCH-{i:05d}") for i, p in enumerate(products)),
        batch_size=2000,
    )
    levels = (
        StockLevel(variant_id=v.pk, location_id=s.pk, physical=True, on_hand=(i * 7) % 5)
        for i, (s, v) in enumerate((s, v) for s in sites for v in variants)
    )
    made = 0
    batch = []
    for level in levels:
        if made + len(batch) >= rows:
            break
        batch.append(level)
        if len(batch) == 5000:
            StockLevel.objects.bulk_create(batch)
            made, batch = made + len(batch), []
    StockLevel.objects.bulk_create(batch)
    return {"sites": [s.code for s in sites], "variants": [v.pk for v in variants]}


def timed(label: str, repeat: int, func) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            func()
            times.append((time.perf_counter() - start) * 1000)
    print(
        f"{label:<52} median {statistics.median(times):8.1f} ms   "
        f"max {max(times):8.1f} ms   {len(queries)} queries"
    )


def bench(rows: int, repeat: int) -> None:
    from django.test import Client

    from atelier.accounts import services as accounts
    from atelier.core.actor import system_actor
    from atelier.inventory import facade
    from atelier.inventory.models import StockLevel
    from atelier.inventory.selectors import levels as selectors

    start = time.perf_counter()
    made = make_stock_rows(rows)
    print(
        f"created {StockLevel.objects.count():,} stock rows in {time.perf_counter() - start:.1f} s"
    )

    system = system_actor("bench")
    middle = StockLevel.objects.count() // 100

    def page(number, filters=None):
        filters = filters or selectors.LevelFilters()
        return lambda: list(
            selectors.page_with_variants(
                selectors.stock_levels(system, filters), number, 50
            ).object_list
        )

    timed("selector: first page", repeat, page(1))
    timed(f"selector: page {middle}", repeat, page(middle))
    timed(
        "selector: one location", repeat, page(1, selectors.LevelFilters(location=made["sites"][3]))
    )
    timed(
        "selector: search 'BENCH-0042'",
        repeat,
        page(1, selectors.LevelFilters(search="BENCH-0042")),
    )
    timed(
        "selector: with free units only",
        repeat,
        page(1, selectors.LevelFilters(only_available=True)),
    )
    timed(
        "availability_for_variants (24 variants)",
        repeat,
        lambda: facade.availability_for_variants(made["variants"][:24]),
    )

    user = accounts.user_create_staff(
        email="bench@atelier.test", role="production_manager", actor=system
    )
    client = Client()
    client.force_login(user)
    client.get("/backoffice/stock/")
    timed("page: /backoffice/stock/", repeat, lambda: client.get("/backoffice/stock/"))
    timed(
        f"page: /backoffice/stock/?page={middle}",
        repeat,
        lambda: client.get(f"/backoffice/stock/?page={middle}"),
    )
    timed(
        "page: /backoffice/stock/?q=BENCH-0042",
        repeat,
        lambda: client.get("/backoffice/stock/?q=BENCH-0042"),
    )


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    setup_django()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_test_environment, teardown_test_environment

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    print(f"database: {connection.vendor} (throwaway test database)")
    try:
        bench(args.rows, args.repeat)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


if __name__ == "__main__":
    main()
