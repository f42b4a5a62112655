"""A small closed-loop HTTP load generator: asyncio + httpx, run in its own process.

    .venv/bin/python bench/loadgen.py http://127.0.0.1:8000/healthz --duration 10 --concurrency 16

`concurrency` workers each send one request, wait for the answer, and send the next,
until `duration` seconds have passed. A `{n}` in the URL is replaced by a counter that
cycles through 1..`--cycle` (to spread requests over many pages, i.e. cache misses).
Prints one JSON line: requests, errors, req/s and latency percentiles in milliseconds.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import time
from collections import Counter
from itertools import count

import httpx


def percentile(sorted_values: list[float], p: float) -> float:
    """Nearest-rank percentile of an already sorted list."""
    if not sorted_values:
        return math.nan
    rank = max(1, math.ceil(p / 100 * len(sorted_values)))
    return sorted_values[rank - 1]


async def run(url: str, duration: float, concurrency: int, cycle: int, timeout: float) -> dict:
    latencies: list[float] = []
    statuses: Counter[str] = Counter()
    counter = count()
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(limits=limits, timeout=timeout) as client:
        deadline = time.perf_counter() + duration

        async def worker() -> None:
            while time.perf_counter() < deadline:
                target = url.replace("{n}", str(next(counter) % cycle + 1))
                start = time.perf_counter()
                try:
                    response = await client.get(target)
                    await response.aread()
                    statuses[str(response.status_code)] += 1
                except httpx.HTTPError as exc:
                    statuses[type(exc).__name__] += 1
                    continue
                latencies.append((time.perf_counter() - start) * 1000)

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    latencies.sort()
    total = sum(statuses.values())
    ok = sum(n for s, n in statuses.items() if s.startswith("2"))
    return {
        "requests": total,
        "errors": total - ok,
        "statuses": dict(statuses),
        "seconds": round(elapsed, 2),
        "rps": round(ok / elapsed, 1) if elapsed else 0.0,
        "p50_ms": round(percentile(latencies, 50), 2),
        "p95_ms": round(percentile(latencies, 95), 2),
        "p99_ms": round(percentile(latencies, 99), 2),
    }


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--duration", type=float, default=10.0)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--cycle", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=30.0)
    args = parser.parse_args(argv)
    result = asyncio.run(
        run(args.url, args.duration, args.concurrency, max(1, args.cycle), args.timeout)
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
