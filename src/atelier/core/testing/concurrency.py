"""Run one call from many threads at once, each on its own database connection.

For PostgreSQL concurrency tests: every thread waits at a barrier, runs `call(i)` in
its own transaction, and the outcomes are grouped — "ok" (the index), a refusal as
`refusal(exc)` names it, or "other" (anything unexpected, which a test should treat as
a failure).
"""

import threading
from collections import defaultdict
from collections.abc import Callable

from django.db import close_old_connections, connection, transaction

from atelier.core.errors import DomainError


def refused_by_code(exc: DomainError) -> tuple[str, object]:
    return "refused", exc.code


def concurrently(
    n: int,
    call: Callable[[int], object],
    *,
    refusal: Callable[[DomainError], tuple[str, object]] = refused_by_code,
) -> dict[str, list]:
    start = threading.Barrier(n)
    results: dict[str, list] = defaultdict(list)
    lock = threading.Lock()

    def run(i: int) -> None:
        try:
            start.wait()
            with transaction.atomic():
                call(i)
            outcome = ("ok", i)
        except DomainError as exc:
            outcome = refusal(exc)
        except Exception as exc:
            outcome = ("other", repr(exc))
        finally:
            connection.close()
        with lock:
            results[outcome[0]].append(outcome[1])

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    close_old_connections()
    return results
