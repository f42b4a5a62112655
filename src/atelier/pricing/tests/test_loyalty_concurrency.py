"""Points cannot be spent twice, nor earned twice, by concurrent checkouts and handlers.

PostgreSQL only (row locks); skipped, visibly, on SQLite.
"""

import pytest

from atelier.catalog.tests.factories import MANAGER
from atelier.core.money import Money
from atelier.core.testing.concurrency import concurrently
from atelier.customers.tests.factories import UserFactory
from atelier.pricing import facade
from atelier.pricing.loyalty import programme, selectors, services
from atelier.pricing.loyalty.models import LoyaltyEntry, LoyaltyReservation

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_ten_checkouts_reserving_100_of_500_points_give_exactly_five(on_postgres):
    assert on_postgres
    ada = UserFactory()
    services.loyalty_account_adjust(user_id=ada.pk, points=500, reason="test", actor=MANAGER)

    results = concurrently(
        10,
        lambda i: facade.loyalty_reserve(user_id=ada.pk, points=100, order_ref=f"SO-{i}"),
    )

    assert results["other"] == []
    assert len(results["ok"]) == 5
    assert results["refused"] == ["loyalty_insufficient_points"] * 5
    assert LoyaltyReservation.objects.count() == 5
    assert facade.loyalty_balance(ada.pk).points == 0
    assert selectors.accounts_out_of_balance() == []


def test_a_payment_handler_delivered_ten_times_at_once_earns_once(on_postgres):
    assert on_postgres
    programme.loyalty_rate_set(
        currency="EUR", earn_rate="1", point_value="0.02", max_share="20", actor=MANAGER
    )
    ada = UserFactory()

    results = concurrently(
        10,
        lambda i: facade.loyalty_earn(
            user_id=ada.pk, order_ref="SO-1", amount=Money("1000.00", "EUR")
        ),
    )

    assert results["other"] == []
    assert len(results["ok"]) == 10
    assert LoyaltyEntry.objects.filter(kind="earn").count() == 1
    assert facade.loyalty_balance(ada.pk).points == 1000
