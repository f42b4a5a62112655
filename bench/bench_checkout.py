"""Benchmark: checkout with stock reservation, many buyers at once, on PostgreSQL.

    .venv/bin/python bench/bench_checkout.py [--duration 10] [--concurrency 16]
                                             [--variants 3] [--units 40] [--json-out FILE]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/atelier_bench .venv/bin/python ...

Builds a throwaway PostgreSQL database (`atelier_bench_checkout`, dropped at the end,
never the development one), seeds a small sellable catalog (published variants priced
in region `eu`) with LIMITED stock split over the warehouse and one boutique that sells
online (plus a boutique that does not: its units must never be taken), then runs
`concurrency` threads, each on its own database connection, doing real checkouts
through the services (cart_create -> cart_line_add -> cart_checkout, guest, offline
payment provider) for `duration` seconds or until the stock is gone.

Prints orders/s, checkout latency (p50/p95/p99), successes, clean "no longer
available" refusals, unexpected errors, and OVERSOLD UNITS computed from the database
afterwards: units held or sold beyond what existed. It must be 0; the script exits 1
otherwise (or when a stock row breaks on_hand >= 0, reserved <= on_hand). No assertion
on time. PostgreSQL only: SQLite serialises writers and cannot show row-lock behaviour,
so on SQLite (or when PostgreSQL does not answer) it prints a warning and skips.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "atelier.config.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/atelier_bench")
os.environ.setdefault("LOGIN_THROTTLING", "false")
os.environ.setdefault("LOG_LEVEL", "WARNING")  # not one INFO line per order

TEST_DATABASE = "atelier_bench_checkout"
OVERSOLD_EXIT = 1
WARMUP_UNITS = 2  # the warm-up buys them all: the last units, before the clock starts
ADDRESS_FR = {
    "name": "Camille Martin",
    "line1": "12 rue du Bac",
    "postcode": "75007",
    "city": "Paris",
    "country": "FR",
}


# --- Set-up -----------------------------------------------------------------------------
def postgres_problem() -> str | None:
    """Why this benchmark cannot run here (None when PostgreSQL answers)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return f"DATABASE_URL is {connection.vendor}, not PostgreSQL"
    try:
        import psycopg

        s = connection.settings_dict
        server = {k: s[K] for k, K in (("host", "HOST"), ("port", "PORT"), ("user", "USER"))}
        server["password"] = s["PASSWORD"]
        server = {k: v for k, v in server.items() if v}
        with psycopg.connect(dbname="postgres", connect_timeout=3, **server) as pg:
            pg.execute("SELECT 1")
    except Exception as exc:
        return f"PostgreSQL unreachable ({type(exc).__name__}: {exc})".strip()
    return None


def seed(variants: int, units: int) -> dict:
    """A sellable catalog: `variants` published variants priced in `eu`, each with
    `units` units split warehouse ~60% / online boutique ~40%, and 5 units at a boutique
    that does not sell online. Stock goes in through the inventory service (real moves)."""
    from decimal import Decimal

    from atelier.catalog.models import Category, Product, ProductPublication, ProductVariant
    from atelier.core.actor import system_actor
    from atelier.inventory import services as inventory
    from atelier.inventory.enums import MoveReason
    from atelier.inventory.models import Location
    from atelier.org.models import Boutique, Manufacturer, Region, Warehouse
    from atelier.pricing.models import PriceEntry, PriceList, TaxRate

    system = system_actor("bench")
    region = Region.objects.create(
        code="eu", name="Europe", currency="EUR", countries=["FR", "DE", "IT"]
    )
    price_list = PriceList.objects.create(
        code="eu", name="Europe", currency="EUR", region=region, default_tax_country="FR"
    )
    TaxRate.objects.create(country="FR", rate=Decimal("20"))
    maker = Manufacturer.objects.create(code="bench-maker", name="Bench workshop", country="IT")
    category = Category.objects.create(name="Lighting", slug="bench-lighting")
    category.path, category.depth = f"{category.pk}/", 0
    category.save(update_fields=["path", "depth"])
    Warehouse.objects.create(code="central", name="Central", city="Lyon", country="FR")
    for code in ("milan", "paris"):
        Boutique.objects.create(
            code=code, name=code.title(), region=region, city=code.title(), country="IT"
        )
    inventory.locations_sync(actor=system)
    warehouse = Location.objects.get(kind="warehouse")
    online = Location.objects.get(boutique__code="milan")
    offline = Location.objects.get(boutique__code="paris")
    inventory.location_update(location=online, sells_online=True, actor=system)
    inventory.location_update(location=offline, sells_online=False, actor=system)

    made = []
    for n in range(variants + 1):  # the last one is for the warm-up, not measured
        sku = f"BENCH-CO-{n}" if n < variants else "BENCH-WARMUP"
        product = Product.objects.create(
            name=f"Bench lamp {n}",
            slug=sku.lower(),
            description="<p>A lamp for the checkout benchmark.</p>",
            manufacturer=maker,
            category=category,
            width_cm=Decimal("40"),
            depth_cm=Decimal("40"),
            height_cm=Decimal("60"),
        )
        ProductPublication.objects.bulk_create(
            ProductPublication(product=product, channel=c, status=s)
            for c, s in (("online", "published"), ("boutiques", "draft"))
        )
        variant = ProductVariant.objects.create(product=product, sku=sku)
        PriceEntry.objects.create(
            price_list=price_list, variant=variant, amount=Decimal(450 + 100 * n)
        )
        at_warehouse = units * 3 // 5 if n < variants else WARMUP_UNITS
        at_online = units - at_warehouse if n < variants else 0
        for location, quantity in ((warehouse, at_warehouse), (online, at_online), (offline, 5)):
            _stock(inventory, variant, location, quantity, MoveReason.OPENING_BALANCE, system)
        made.append(variant)
    return {
        "variants": {v.pk: v.sku for v in made[:-1]},
        "warmup": made[-1].sku,
        "online_locations": [warehouse.pk, online.pk],
        "offline_location": offline.pk,
    }


def _stock(inventory, variant, location, quantity, reason, actor) -> None:
    if quantity:
        inventory.stock_adjust(
            location=location, variant_id=variant.pk, quantity=quantity, reason=reason, actor=actor
        )


def initial_stock() -> dict[tuple[int, int], int]:
    from atelier.inventory.models import StockLevel

    return {
        (row.variant_id, row.location_id): row.on_hand
        for row in StockLevel.objects.filter(physical=True)
    }


# --- One buyer --------------------------------------------------------------------------
def buy(lines: list[tuple[str, int]], n: int, clock: dict | None = None) -> float:
    """One guest's journey; returns the seconds cart_checkout took (raises its errors;
    `clock["checkout"]` then says when cart_checkout was called)."""
    from atelier.core.actor import Actor
    from atelier.sales import services

    guest = Actor(user_id=None, label="guest", roles=frozenset({"guest"}))
    cart = services.cart_create(actor=guest, region_code="eu")
    for sku, quantity in lines:
        services.cart_line_add(cart=cart, sku=sku, quantity=quantity, actor=guest)
    start = time.perf_counter()
    if clock is not None:
        clock["checkout"] = start
    services.cart_checkout(
        cart=cart,
        email=f"buyer{n}@example.com",
        phone="+33 1 42 60 00 00",
        shipping_address=ADDRESS_FR,
        shipping_method="standard",
        idempotency_key=f"bench-{n}",
        actor=guest,
    )
    return time.perf_counter() - start


class Shop:
    """What the buyers share: a rough idea of what is left (from refusals), the clock
    and the tallies."""

    def __init__(self, variants: dict[int, str], units: int, duration: float):
        self.skus = variants
        self.left = dict.fromkeys(variants, units)  # upper bounds, only ever lowered
        self.duration = duration
        self.lock = threading.Lock()
        self.numbers = iter(range(1, 10**9))
        self.ok: list[float] = []
        self.refused: list[float] = []
        self.units_sold: Counter = Counter()
        self.errors: Counter = Counter()
        self.deadline = 0.0
        self.ended_at = 0.0

    def basket(self, rng: random.Random) -> tuple[list[tuple[str, int]], int] | None:
        """1 or 2 lines of 1-2 units among the variants that may still have stock."""
        with self.lock:
            if time.perf_counter() >= self.deadline:
                return None
            open_ = [pk for pk, left in self.left.items() if left > 0]
            if not open_:
                return None
            picked = rng.sample(open_, k=min(len(open_), 1 if rng.random() < 0.7 else 2))
            lines = [(pk, min(self.left[pk], 1 if rng.random() < 0.6 else 2)) for pk in picked]
            return [(self.skus[pk], q) for pk, q in lines], next(self.numbers)

    def record_refusal(self, exc, seconds: float) -> None:
        with self.lock:
            self.refused.append(seconds)
            for shortage in getattr(exc, "shortages", ()):
                if shortage.variant_id in self.left:
                    available = max(0, shortage.available)
                    self.left[shortage.variant_id] = min(self.left[shortage.variant_id], available)

    def record_success(self, lines, seconds: float) -> None:
        with self.lock:
            self.ok.append(seconds)
            for sku, quantity in lines:
                self.units_sold[sku] += quantity


def worker(shop: Shop, start: threading.Barrier, seed_: int) -> None:
    from django.db import DatabaseError, connection

    from atelier.core.errors import Conflict

    rng = random.Random(seed_)
    try:
        start.wait(timeout=60)
        while (order := shop.basket(rng)) is not None:
            lines, n = order
            clock = {}
            try:
                seconds = buy(lines, n, clock)
            except Conflict as exc:
                if exc.code == "out_of_stock" and "checkout" in clock:
                    shop.record_refusal(exc, time.perf_counter() - clock["checkout"])
                else:
                    with shop.lock:
                        shop.errors[f"Conflict {exc.code}: {exc.message}"] += 1
            except Exception as exc:  # counted and shown: a benchmark never hides one
                with shop.lock:
                    shop.errors[f"{type(exc).__name__}: {str(exc)[:160]}"] += 1
                if isinstance(exc, DatabaseError):
                    connection.close()  # the next journey starts on a fresh connection
            else:
                shop.record_success(lines, seconds)
    finally:
        with shop.lock:
            shop.ended_at = max(shop.ended_at, time.perf_counter())
        connection.close()


def run_buyers(shop: Shop, concurrency: int) -> float:
    clock = {}

    def go() -> None:  # runs once, when everyone is at the line, before anyone starts
        clock["began"] = time.perf_counter()
        shop.deadline = clock["began"] + shop.duration

    start = threading.Barrier(concurrency + 1, action=go)
    threads = [
        threading.Thread(target=worker, args=(shop, start, n), name=f"buyer-{n}", daemon=True)
        for n in range(concurrency)
    ]
    for thread in threads:
        thread.start()
    start.wait(timeout=60)
    for thread in threads:
        thread.join(timeout=shop.duration + 120)
    stuck = [t.name for t in threads if t.is_alive()]
    if stuck:
        raise SystemExit(f"buyers did not finish: {', '.join(stuck)}")
    return max(shop.ended_at - clock["began"], 1e-9)


# --- Afterwards: did we sell what we did not have? -------------------------------------
def audit(initial: dict[tuple[int, int], int], online: list[int], measured) -> dict:
    """Oversold units (every variant, the warm-up's too) and stock-row health, from the
    database only: units held (active or fulfilled reservations) or sold (order lines of
    orders not cancelled) beyond the units that existed where online orders may take them."""
    from django.db.models import Sum

    from atelier.core.actor import system_actor
    from atelier.inventory.enums import ACTIVE_RESERVATION_STATUSES, ReservationStatus
    from atelier.inventory.models import Reservation, StockLevel
    from atelier.inventory.selectors.exceptions import level_mismatches
    from atelier.sales.models import OrderLine, SalesOrder

    held_statuses = [*ACTIVE_RESERVATION_STATUSES, ReservationStatus.FULFILLED]
    held = dict(
        Reservation.objects.filter(status__in=held_statuses)
        .values_list("variant_id")
        .annotate(n=Sum("quantity"))
    )
    sold = dict(
        OrderLine.objects.exclude(order__status="cancelled")
        .values_list("variant_id")
        .annotate(n=Sum("quantity"))
    )
    variants = {v for v, _ in initial}
    existed = {
        v: sum(q for (vv, loc), q in initial.items() if vv == v and loc in online) for v in variants
    }
    oversold = {v: max(0, max(held.get(v, 0), sold.get(v, 0)) - existed[v]) for v in variants}
    rows = list(StockLevel.objects.filter(physical=True))
    bad_rows = [
        (r.variant_id, r.location_id, r.on_hand, r.reserved)
        for r in rows
        if r.on_hand < 0 or r.reserved < 0 or r.reserved > r.on_hand
    ]
    outside = sum(
        r.reserved
        for r in rows
        if r.location_id not in online and r.reserved  # offline shop
    )
    unheld = sum(max(0, sold.get(v, 0) - held.get(v, 0)) for v in variants)
    return {
        "oversold_units": sum(oversold.values()),
        "bad_stock_rows": bad_rows,
        "reserved_outside_online_locations": outside,
        "sold_without_a_hold": unheld,
        "level_mismatches": len(level_mismatches(system_actor("bench"))),
        "orders_in_db": SalesOrder.objects.count(),
        "units_held": sum(held.get(v, 0) for v in measured),
        "units_existing": sum(existed[v] for v in measured),
    }


def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))] * 1000


# --- Main -------------------------------------------------------------------------------
def bench(args) -> dict:
    catalog = seed(args.variants, args.units)
    for n in range(WARMUP_UNITS):  # imports, caches, the first connection: off the clock
        buy([(catalog["warmup"], 1)], -1 - n)
    initial = initial_stock()
    print(
        f"catalog: {args.variants} variants x {args.units} units "
        f"(warehouse + online boutique; 5 more each at a boutique not selling online)"
    )
    shop = Shop(catalog["variants"], args.units, args.duration)
    print(
        f"buyers: {args.concurrency} threads, each on its own connection, "
        f"for {args.duration:g} s or until the stock is gone",
        flush=True,
    )
    seconds = run_buyers(shop, args.concurrency)
    found = audit(initial, catalog["online_locations"], catalog["variants"])
    successes, refusals = len(shop.ok), len(shop.refused)
    errors = sum(shop.errors.values())
    result = {
        "orders_per_s": round(successes / seconds, 1),
        "p50_ms": round(percentile(shop.ok, 50), 1),
        "p95_ms": round(percentile(shop.ok, 95), 1),
        "p99_ms": round(percentile(shop.ok, 99), 1),
        "mean_ms": round(statistics.fmean(shop.ok) * 1000, 1) if shop.ok else 0.0,
        "refusal_p50_ms": round(percentile(shop.refused, 50), 1),
        "seconds": round(seconds, 2),
        "successes": successes,
        "refusals": refusals,
        "errors": errors,
        "units_sold": sum(shop.units_sold.values()),
        "concurrency": args.concurrency,
        "duration_s": args.duration,
        "variants": args.variants,
        "units_per_variant": args.units,
        **found,
    }
    result["bad_stock_rows"] = len(found["bad_stock_rows"])
    _print(result, shop, found)
    return result


def _print(r: dict, shop: Shop, found: dict) -> None:
    print()
    print(
        f"checkout (cart_checkout, successful): {r['orders_per_s']:.1f} orders/s   "
        f"p50 {r['p50_ms']:.0f} ms   p95 {r['p95_ms']:.0f} ms   p99 {r['p99_ms']:.0f} ms"
    )
    print(
        f"  {r['successes']} orders ({r['units_sold']} units) in {r['seconds']:.1f} s; "
        f"{r['refusals']} refused 'no longer available' (p50 {r['refusal_p50_ms']:.0f} ms); "
        f"{r['errors']} unexpected errors"
    )
    for message, count in shop.errors.most_common(5):
        print(f"    error x{count}: {message}")
    print(
        f"  stock: {r['units_held']} of {r['units_existing']} units held; "
        f"orders in the database: {r['orders_in_db']} ({WARMUP_UNITS} warm-up + {r['successes']})"
    )
    print(
        f"  stock rows breaking on_hand >= 0 / reserved <= on_hand: {r['bad_stock_rows']}"
        f"{' ' + str(found['bad_stock_rows'][:5]) if found['bad_stock_rows'] else ''}; "
        f"levels not matching moves/holds: {r['level_mismatches']}; "
        f"held at the boutique not selling online: {r['reserved_outside_online_locations']}; "
        f"units sold without a hold: {r['sold_without_a_hold']}"
    )
    verdict = "OK" if r["oversold_units"] == 0 else "OVERSOLD!"
    print(f"  OVERSOLD UNITS: {r['oversold_units']}   {verdict}")


def failed(r: dict) -> bool:
    return bool(
        r["oversold_units"]
        or r["bad_stock_rows"]
        or r["reserved_outside_online_locations"]
        or r["sold_without_a_hold"]
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=10.0)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--variants", type=int, default=3)
    parser.add_argument("--units", type=int, default=40, help="units per variant")
    parser.add_argument("--json-out", type=Path, help="write the figures there (run.py)")
    args = parser.parse_args(argv)
    os.environ.setdefault("DEBUG", "false")  # no query log growing in every thread
    import django

    django.setup()
    problem = postgres_problem()
    if problem:
        print(f"WARNING: {problem}.")
        print("WARNING: checkout under concurrency needs PostgreSQL row locks: skipped.")
        return 0
    from django.db import connection
    from django.test.utils import setup_test_environment, teardown_test_environment

    setup_test_environment(debug=False)
    old_name = connection.settings_dict["NAME"]
    connection.settings_dict.setdefault("TEST", {})["NAME"] = TEST_DATABASE
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    print(f"database: {connection.vendor} (throwaway {TEST_DATABASE})", flush=True)
    try:
        result = bench(args)
    finally:
        connection.close()
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()
    if args.json_out:
        args.json_out.write_text(json.dumps(result) + "\n")
    if failed(result):
        print("FAILED: stock was oversold or a stock row is broken.")
        return OVERSOLD_EXIT
    return 0


if __name__ == "__main__":
    sys.exit(main())
