"""`make bench`: the catalog under load on the production set-up, against baselines.

    .venv/bin/python bench/run.py [--products 10000] [--duration 10] [--concurrency 16]
                                  [--fresh] [--update-baselines] [--skip-stock]
                                  [--skip-checkout] [--only catalog|checkout|stock ...]

1. Database: PostgreSQL `atelier_bench` on 127.0.0.1:5432 (created and migrated here;
   dropped and re-created with --fresh or when it holds other data), else a temporary
   SQLite file, with a warning. Cache: Redis db 15 on 127.0.0.1:6379 if it answers
   (flushed first), else each worker's local memory.
2. `bench/seed_catalog.py` fills it with a published, priced catalog (bulk_create).
3. uvicorn serves `atelier.config.asgi:application` with 2 workers and ATELIER_ENV=
   production (generated SECRET_KEY, ALLOWED_HOSTS=127.0.0.1, no SSL redirect).
4. `bench/loadgen.py` (asyncio + httpx, its own process) warms every target up, then
   measures each for --duration seconds at --concurrency: req/s, p50/p95/p99.
5. Figures are compared with bench/baselines.json (`--update-baselines` rewrites it) and
   written to bench/results/ (git-ignored), with the checkout figures of step 6.
6. bench/bench_checkout.py, if present: checkout with stock reservation at --concurrency
   on PostgreSQL (orders/s, latency, oversold units: must be 0, else this exits 1).
7. bench/bench_stock.py, if present.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
PY = sys.executable
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
PG_NAME = "atelier_bench"
REDIS_URL = "redis://127.0.0.1:6379/15"
BASELINES = BENCH / "baselines.json"
NEEDS_FRESH_DATABASE = 3  # seed_catalog.py's exit code
RESULTS = BENCH / "results"
METRICS = (("rps", "req/s", True), ("p50_ms", "p50", False), ("p95_ms", "p95", False))
METRICS += (("p99_ms", "p99", False),)
CHECKOUT_METRICS = (("orders_per_s", "orders/s", True), *METRICS[1:])
PARTS = ("catalog", "checkout", "stock")


def main(argv=None) -> int:
    args = _parse(argv)
    started = time.perf_counter()
    database, engine = _database(fresh=args.fresh)
    results, cache = {}, None
    if "catalog" in args.parts:
        results, cache = _catalog_bench(database, engine, args, started)
    checkout_ok = True
    if "checkout" in args.parts:
        checkout, checkout_ok = _checkout_bench(database, args)
        if checkout:
            results["checkout"] = checkout
    if results:
        _report(results, engine, cache, args)
    if "stock" in args.parts:
        _stock_bench(database)
    if not checkout_ok:
        print("\nFAILED: the checkout benchmark oversold stock or did not finish (see above).")
    return 0 if checkout_ok else 1


def _catalog_bench(database: str, engine: str, args, started: float) -> tuple[dict, str | None]:
    """Steps 1-4: the bench database, the catalog, the server under load."""
    cache = _redis()
    env = _server_env(database, cache)
    print(f"database: {engine}   cache: {'redis' if cache else 'local memory (per worker)'}")
    _manage(env, "migrate", "--noinput", "-v", "0")
    seeded = _seed(env, args.products)
    if seeded is None and engine == "postgresql":  # an earlier run with another size
        print(f"re-creating {PG_NAME}: it holds another catalog")
        _database(fresh=True)
        _manage(env, "migrate", "--noinput", "-v", "0")
        seeded = _seed(env, args.products)
    if seeded is None:
        raise SystemExit("the bench database holds other data")
    print(
        f"catalog: {seeded['products']:,} products "
        f"({'created in ' + str(seeded['seconds']) + ' s' if seeded['created'] else 'reused'})"
    )
    targets = _targets(seeded)
    if targets.get("category_page") is None:
        print("storefront pages are not there yet: measuring the API and /healthz only")
    elif _static_is_stale():  # production pages need the manifest for {% static %}
        print("collecting static files (production manifest; slow the first time)", flush=True)
        _manage(env, "collectstatic", "--noinput", "-v", "0")
    print(f"set-up took {time.perf_counter() - started:.0f} s", flush=True)
    return _measure(env, targets, args), cache


def _parse(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument("--duration", type=float, default=10.0)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--warmup", type=float, default=2.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--fresh", action="store_true", help="drop and re-create the database")
    parser.add_argument("--update-baselines", action="store_true")
    parser.add_argument("--skip-stock", action="store_true", help="do not run bench_stock.py")
    parser.add_argument("--skip-checkout", action="store_true", help="do not run bench_checkout.py")
    parser.add_argument(
        "--only", action="append", choices=PARTS, help="run only this part (repeatable)"
    )
    args = parser.parse_args(argv)
    skipped = {"stock"} if args.skip_stock else set()
    skipped |= {"checkout"} if args.skip_checkout else set()
    args.parts = [p for p in (args.only or PARTS) if p not in skipped]
    return args


# --- Set-up -----------------------------------------------------------------------------
def _database(*, fresh: bool) -> tuple[str, str]:
    try:
        import psycopg

        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True, connect_timeout=3) as pg:
            exists = pg.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [PG_NAME]
            ).fetchone()
            if exists and fresh:
                pg.execute(f'DROP DATABASE "{PG_NAME}" WITH (FORCE)')
                exists = None
            if not exists:
                pg.execute(f'CREATE DATABASE "{PG_NAME}"')
        return f"{PG_SERVER}/{PG_NAME}", "postgresql"
    except Exception as exc:  # unreachable, no driver, no rights: the embedded fallback
        path = Path(tempfile.mkdtemp(prefix="atelier-bench-")) / "bench.sqlite3"
        print(f"WARNING: PostgreSQL unreachable ({type(exc).__name__}: {exc}).")
        print(f"WARNING: benchmarking on a temporary SQLite file, {path}: not comparable.")
        return f"sqlite:///{path}", "sqlite"


def _redis() -> str | None:
    try:
        import redis

        client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1, socket_timeout=2)
        client.flushdb()  # db 15 is the bench's own: no answers from an earlier catalog
        return REDIS_URL
    except Exception as exc:
        print(f"note: Redis unreachable ({type(exc).__name__}); each worker caches in memory.")
        return None


def _server_env(database: str, cache: str | None) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "CELERY_BROKER_URL", "DEBUG"}
    }
    env.update(
        ATELIER_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        DATABASE_URL=database,
        MEDIA_ROOT=str(ROOT / "var" / "bench" / "media"),
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT / "src"),
    )
    if cache:
        env["REDIS_URL"] = cache
    return env


def _manage(env: dict, *command: str) -> None:
    subprocess.run([PY, str(ROOT / "manage.py"), *command], env=env, cwd=ROOT, check=True)


def _static_is_stale() -> bool:
    """Whether staticfiles/ lacks the manifest or is older than a source file (our static
    folders and the npm packages settings.STATICFILES_DIRS serves)."""
    manifest = ROOT / "staticfiles" / "staticfiles.json"
    if not manifest.exists():
        return True
    built = manifest.stat().st_mtime
    sources = [*ROOT.glob("src/atelier/**/static"), *ROOT.glob("node_modules/htmx.org/dist")]
    sources += [ROOT / "node_modules" / "@google" / "model-viewer" / "dist"]
    for folder in sources:
        for directory, _, files in os.walk(folder):
            if any(os.stat(os.path.join(directory, f)).st_mtime > built for f in files):
                return True
    return False


def _seed(env: dict, products: int) -> dict | None:
    """What seed_catalog.py made or found; None when the database holds other data."""
    done = subprocess.run(
        [PY, str(BENCH / "seed_catalog.py"), "--products", str(products)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if done.returncode == NEEDS_FRESH_DATABASE:
        return None
    if done.returncode:
        sys.stderr.write(done.stderr[-4000:])
        raise SystemExit(f"seeding failed (exit {done.returncode})")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _targets(seeded: dict) -> dict[str, str | None]:
    """Name -> path. `{n}` spreads requests over many pages (mostly cache misses)."""
    pages = seeded["pages"]
    return {
        "healthz": "/healthz",
        "api_products": "/api/v1/products?region=eu",
        "api_product": f"/api/v1/products/{seeded['product']}?region=eu",
        "api_products_miss": "/api/v1/products?region=eu&page={n}",
        "category_page": pages.get("category_page"),
        "product_page": pages.get("product_page"),
    }


# --- Measuring --------------------------------------------------------------------------
def _measure(env: dict, targets: dict, args) -> dict[str, dict]:
    port = _free_port()
    server = _serve(env, port, args.workers)
    results = {}
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_until_up(f"{base}/healthz", server)
        for name, path in targets.items():
            if path is None:
                continue
            cycle = 400 if "{n}" in path else 1
            warm = path.replace("{n}", "1")
            _load(base + warm, args.warmup, min(4, args.concurrency), 1)
            result = _load(base + path, args.duration, args.concurrency, cycle)
            results[name] = result
            print(f"  measured {name:<18} {result['rps']:>9.1f} req/s", flush=True)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    return results


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(env: dict, port: int, workers: int) -> subprocess.Popen:
    command = [PY, "-m", "uvicorn", "atelier.config.asgi:application", "--app-dir", "src"]
    command += ["--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)]
    command += ["--no-access-log", "--log-level", "warning"]
    return subprocess.Popen(command, env=env, cwd=ROOT, start_new_session=True)


def _wait_until_up(url: str, server: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server stopped (exit {server.returncode})")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("the server did not answer /healthz within a minute")


def _load(url: str, duration: float, concurrency: int, cycle: int) -> dict:
    command = [PY, str(BENCH / "loadgen.py"), url, "--duration", str(duration)]
    command += ["--concurrency", str(concurrency), "--cycle", str(cycle)]
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- Reporting --------------------------------------------------------------------------
def _report(results: dict, engine: str, cache: str | None, args) -> None:
    baselines = json.loads(BASELINES.read_text()) if BASELINES.exists() else {}
    base_results = baselines.get("results", {})
    ceiling = results.get("healthz", {}).get("rps") or None
    print()
    columns = ("req/s", "p50 ms", "p95 ms", "p99 ms", "errors", "/healthz")
    widths = (9, 8, 8, 8, 7, 9)
    if set(results) - {"checkout"}:
        header = "".join(f" {c:>{w}}" for c, w in zip(columns, widths, strict=True))
        print(f"{'target':<18}{header}")
    for name, r in results.items():
        if name == "checkout":
            continue
        ratio = f"{r['rps'] / ceiling:.0%}" if ceiling else "-"
        print(
            f"{name:<18} {r['rps']:>9.1f} {r['p50_ms']:>8.1f} {r['p95_ms']:>8.1f} "
            f"{r['p99_ms']:>8.1f} {r['errors']:>7} {ratio:>9}"
        )
        print(f"{'':<18} vs baseline: {_compare(r, base_results.get(name))}")
    if "checkout" in results:
        _report_checkout(results["checkout"], base_results.get("checkout"))
    record = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": _commit(),
        "database": engine,
        "cache": ("redis" if cache else "locmem") if "catalog" in args.parts else None,
        "products": args.products,
        "duration_s": args.duration,
        "concurrency": args.concurrency,
        "workers": args.workers,
        "cpus": os.cpu_count(),
        "load_average_1m": round(os.getloadavg()[0], 1),  # others' work skews everything
        "results": results,
    }
    RESULTS.mkdir(exist_ok=True)
    stamp = record["when"].replace(":", "").replace("+0000", "Z")
    for path in (RESULTS / f"catalog-{stamp}.json", RESULTS / "catalog-latest.json"):
        path.write_text(json.dumps(record, indent=2) + "\n")
    print(f"\nresults: {RESULTS / f'catalog-{stamp}.json'}")
    print(f"machine: {record['cpus']} CPUs, load average {record['load_average_1m']} (1 min)")
    cache_label = record["cache"] or baselines.get("cache")
    if baselines and (baselines.get("database"), baselines.get("cache")) != (
        record["database"],
        cache_label,
    ):
        print(
            f"note: baselines were taken on {baselines.get('database')}/"
            f"{baselines.get('cache')}, this run on {engine}/{cache_label}."
        )
    if args.update_baselines:  # parts not run this time keep their baseline
        saved = {**record, "cache": cache_label}
        if "catalog" not in args.parts and baselines:  # the catalog's set-up stays described
            saved = {k: baselines.get(k, v) for k, v in saved.items()}
        saved["results"] = {**base_results, **results}
        BASELINES.write_text(json.dumps(saved, indent=2) + "\n")
        print(f"baselines updated: {BASELINES}")


def _report_checkout(r: dict, baseline: dict | None) -> None:
    print(
        f"\ncheckout with reservation, PostgreSQL, {r['concurrency']} buyers "
        f"({r['variants']} variants x {r['units_per_variant']} units):"
    )
    print(
        f"  {r['orders_per_s']:.1f} orders/s   p50 {r['p50_ms']:.1f} ms   "
        f"p95 {r['p95_ms']:.1f} ms   p99 {r['p99_ms']:.1f} ms   successes {r['successes']}   "
        f"refusals {r['refusals']}   errors {r['errors']}   OVERSOLD UNITS {r['oversold_units']}"
    )
    print(f"  vs baseline: {_compare(r, baseline, CHECKOUT_METRICS)}")


def _compare(result: dict, baseline: dict | None, metrics=METRICS) -> str:
    if not baseline:
        return "(no baseline)"
    parts = []
    for key, label, higher_is_better in metrics:
        old, new = baseline.get(key), result.get(key)
        if not old or new is None:
            continue
        change = (new - old) / old * 100
        better = change > 0 if higher_is_better else change < 0
        mark = "" if abs(change) < 5 else (" better" if better else " WORSE")
        parts.append(f"{label} {change:+.0f}%{mark}")
    return ", ".join(parts)


def _commit() -> str:
    try:
        done = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        )
        return done.stdout.strip()
    except OSError:
        return ""


# --- The other benchmarks ---------------------------------------------------------------
def _checkout_bench(database: str, args) -> tuple[dict | None, bool]:
    """bench/bench_checkout.py (checkout with reservation under concurrency), when it
    exists: its own process, development settings, its own throwaway PostgreSQL database
    on the same server (it skips itself, with a warning, on SQLite). Returns its figures
    and whether it passed (no oversold units, exit 0)."""
    if not (BENCH / "bench_checkout.py").exists():
        print("\nbench_checkout.py is not there yet: skipped")
        return None, True
    print("\n--- bench/bench_checkout.py ---", flush=True)
    out = Path(tempfile.mkdtemp(prefix="atelier-bench-")) / "checkout.json"
    argv = ["--duration", str(args.duration), "--concurrency", str(args.concurrency)]
    argv += ["--json-out", str(out)]
    code = (
        "import sys; sys.path.insert(0, 'bench')\n"
        "try:\n    import bench_checkout\nexcept ImportError as exc:\n"
        "    print(f'bench_checkout could not be imported: {exc}'); raise SystemExit(0)\n"
        "entry = getattr(bench_checkout, 'main', None)\n"
        "if entry is None:\n    print('bench_checkout has no main(): skipped')\n"
        f"else:\n    raise SystemExit(entry({argv!r}))\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in {"ATELIER_ENV", "REDIS_URL"}}
    env["DATABASE_URL"] = database
    done = subprocess.run([PY, "-c", code], cwd=ROOT, env=env)
    result = json.loads(out.read_text()) if out.exists() else None
    if result:  # its own set-up, as it may be recorded without the catalog's
        result.update(
            when=datetime.now(UTC).isoformat(timespec="seconds"),
            commit=_commit(),
            cpus=os.cpu_count(),
            load_average_1m=round(os.getloadavg()[0], 1),
        )
    if done.returncode:
        print(f"bench_checkout.py failed (exit {done.returncode})")
    return result, done.returncode == 0


def _stock_bench(database: str) -> None:
    """bench/bench_stock.py (stock page over 100k rows), when it exists: its own process,
    development settings, on the same database server (it makes a throwaway test DB)."""
    if not (BENCH / "bench_stock.py").exists():
        print("\nbench_stock.py is not there yet: skipped")
        return
    print("\n--- bench/bench_stock.py ---", flush=True)
    code = (
        "import sys; sys.path.insert(0, 'bench')\n"
        "try:\n    import bench_stock\nexcept ImportError as exc:\n"
        "    print(f'bench_stock could not be imported: {exc}'); raise SystemExit(0)\n"
        "entry = getattr(bench_stock, 'main', None)\n"
        "if entry is None:\n    print('bench_stock has no main(): skipped')\n"
        "else:\n    entry([])\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in {"ATELIER_ENV", "REDIS_URL"}}
    env["DATABASE_URL"] = database
    done = subprocess.run([PY, "-c", code], cwd=ROOT, env=env)
    if done.returncode:
        print(f"bench_stock.py failed (exit {done.returncode})")


if __name__ == "__main__":
    sys.exit(main())
