"""Usage limits hold when many checkouts redeem the same code at the same moment.

PostgreSQL only (row locks); skipped, visibly, on SQLite. Each thread is a checkout
with its own connection and transaction, and closes its connection when done.
"""

import threading

import pytest
from django.db import close_old_connections, connection, transaction

from atelier.core.errors import ValidationFailed
from atelier.customers.tests.factories import UserFactory
from atelier.pricing import facade
from atelier.pricing.promotions.models import Promotion, PromotionRedemption
from atelier.pricing.tests.promotion_helpers import promotion

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def checkouts(promotion_id: int, code: str, attempts: list[dict]) -> dict[str, list]:
    """Run one checkout per entry of `attempts` (user/email) concurrently."""
    start = threading.Barrier(len(attempts))
    results: dict[str, list] = {"ok": [], "refused": [], "other": []}
    lock = threading.Lock()

    def checkout(n: int, who: dict) -> None:
        try:
            start.wait()
            with transaction.atomic():  # the checkout's own transaction
                facade.promotion_redeem(
                    promotion_ids=[promotion_id],
                    code=code,
                    order_ref=f"SO-2026-{n:06d}",
                    customer_user_id=who.get("user"),
                    email=who.get("email"),
                )
            outcome = ("ok", n)
        except ValidationFailed as exc:
            outcome = ("refused", exc.code)
        except Exception as exc:  # anything else fails the test
            outcome = ("other", repr(exc))
        finally:
            connection.close()
        with lock:
            results[outcome[0]].append(outcome[1])

    threads = [threading.Thread(target=checkout, args=(n, w)) for n, w in enumerate(attempts)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    close_old_connections()
    return results


def test_twenty_checkouts_on_a_code_limited_to_five_give_exactly_five(on_postgres):
    assert on_postgres
    p = promotion(code="FIRST5", usage_limit=5)

    results = checkouts(p.pk, "FIRST5", [{"email": f"c{n}@example.com"} for n in range(20)])

    assert results["other"] == []
    assert len(results["ok"]) == 5
    assert results["refused"] == ["code_exhausted"] * 15
    assert PromotionRedemption.objects.filter(promotion=p).count() == 5
    assert Promotion.objects.get(pk=p.pk).times_used == 5


def test_ten_checkouts_by_one_customer_on_a_once_per_customer_code_give_exactly_one(
    on_postgres,
):
    assert on_postgres
    ada = UserFactory(email="ada@example.com")
    p = promotion(code="ONCE", usage_limit_per_customer=1)

    results = checkouts(p.pk, "ONCE", [{"user": ada.pk, "email": ada.email}] * 10)

    assert results["other"] == []
    assert len(results["ok"]) == 1
    assert results["refused"] == ["code_customer_limit"] * 9
    assert PromotionRedemption.objects.filter(promotion=p).count() == 1
    assert Promotion.objects.get(pk=p.pk).times_used == 1
