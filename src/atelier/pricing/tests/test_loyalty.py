"""Loyalty: earning (idempotent, tiers), quoting, reserve -> commit / release, the ledger."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from atelier.catalog.tests.factories import CUSTOMER, MANAGER
from atelier.core.errors import Conflict, PermissionDenied, ValidationFailed
from atelier.core.money import Money
from atelier.customers.tests.factories import UserFactory
from atelier.pricing import facade
from atelier.pricing.loyalty import programme, selectors, services
from atelier.pricing.loyalty.models import LoyaltyAccount, LoyaltyEntry, LoyaltyReservation

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def scheme():
    for currency, earn, value in (("EUR", "1", "0.02"), ("GBP", "1.15", "0.017")):
        programme.loyalty_rate_set(
            currency=currency, earn_rate=earn, point_value=value, max_share="20", actor=MANAGER
        )
    for code, name, min_points, multiplier in (
        ("silver", "Silver", 0, "1.00"),
        ("gold", "Gold", 10000, "1.25"),
        ("platinum", "Platinum", 30000, "1.50"),
    ):
        programme.loyalty_tier_set(
            code=code, name=name, min_points=min_points, multiplier=multiplier, actor=MANAGER
        )


@pytest.fixture
def ada(scheme):
    return UserFactory(email="ada@example.com")


def give(user, points: int) -> None:
    services.loyalty_account_adjust(user_id=user.pk, points=points, reason="test", actor=MANAGER)


def eur(amount: str) -> Money:
    return Money(amount, "EUR")


def assert_ledger_consistent() -> None:
    assert selectors.accounts_out_of_balance() == []


# --- Earning --------------------------------------------------------------------------


def test_earning_on_a_paid_order_is_idempotent(ada):
    first = facade.loyalty_earn(user_id=ada.pk, order_ref="SO-1", amount=eur("2490.00"))
    again = facade.loyalty_earn(user_id=ada.pk, order_ref="SO-1", amount=eur("2490.00"))
    assert (first.points, first.qualifying_points, first.tier_code, first.created) == (
        2490,
        2490,
        "silver",
        True,
    )
    assert (again.points, again.created) == (2490, False)
    assert LoyaltyEntry.objects.count() == 1
    assert facade.loyalty_balance(ada.pk).points == 2490
    assert_ledger_consistent()


def test_points_are_rounded_down_and_use_the_currency_rate(ada):
    earned = facade.loyalty_earn(user_id=ada.pk, order_ref="SO-1", amount=Money("999.99", "GBP"))
    assert earned.points == 1149  # 999.99 x 1.15 = 1 149.9885


def test_the_tier_multiplier_comes_from_the_last_twelve_months(ada):
    facade.loyalty_earn(user_id=ada.pk, order_ref="SO-1", amount=eur("12000.00"))
    gold = facade.loyalty_earn(user_id=ada.pk, order_ref="SO-2", amount=eur("1000.00"))
    assert (gold.tier_code, gold.points, gold.qualifying_points) == ("gold", 1250, 1000)
    tier = facade.loyalty_tier(ada.pk)
    assert (tier.code, tier.multiplier, tier.qualifying_points) == ("gold", D("1.25"), 13000)
    assert (tier.next_code, tier.points_to_next) == ("platinum", 17000)
    LoyaltyEntry.objects.filter(order_ref="SO-1").update(
        created_at=timezone.now() - timedelta(days=366)
    )
    assert facade.loyalty_tier(ada.pk).code == "silver"


def test_a_currency_outside_the_programme_earns_nothing_and_writes_nothing(ada):
    earned = facade.loyalty_earn(user_id=ada.pk, order_ref="SO-1", amount=Money("500", "USD"))
    assert (earned.points, earned.created) == (0, False)
    assert not LoyaltyAccount.objects.exists()


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"user_id": None}, "loyalty_guest"),
        ({"amount": Money("0", "EUR")}, "validation_failed"),
        ({"amount": Money("-5", "EUR")}, "validation_failed"),
        ({"order_ref": ""}, "validation_failed"),
    ],
)
def test_bad_earnings_are_refused(ada, kwargs, code):
    args = {"user_id": ada.pk, "order_ref": "SO-1", "amount": eur("100"), **kwargs}
    with pytest.raises(ValidationFailed) as exc:
        facade.loyalty_earn(**args)
    assert exc.value.code == code
    assert not LoyaltyEntry.objects.exists()


def test_the_same_order_cannot_earn_for_two_customers(ada):
    bo = UserFactory()
    facade.loyalty_earn(user_id=ada.pk, order_ref="SO-1", amount=eur("100"))
    with pytest.raises(Conflict):
        facade.loyalty_earn(user_id=bo.pk, order_ref="SO-1", amount=eur("100"))


# --- Quoting and redeeming ------------------------------------------------------------


def test_quote_values_points_within_the_balance_and_the_maximum_share(ada):
    give(ada, 5000)
    quote = facade.loyalty_quote_redemption(
        user_id=ada.pk, points=5000, currency="EUR", order_total=eur("1000.00")
    )
    assert (quote.value, quote.balance, quote.max_points) == (eur("100.00"), 5000, 5000)
    assert quote.max_value == eur("200.00")  # 20 % of 1 000


@pytest.mark.parametrize(
    ("points", "code"),
    [
        (-100, "loyalty_points_invalid"),
        (0, "loyalty_points_invalid"),
        (D("10"), "loyalty_points_invalid"),
        (True, "loyalty_points_invalid"),
        (5001, "loyalty_insufficient_points"),
    ],
)
def test_bad_point_amounts_are_refused(ada, points, code):
    give(ada, 5000)
    with pytest.raises(ValidationFailed) as exc:
        facade.loyalty_quote_redemption(
            user_id=ada.pk, points=points, currency="EUR", order_total=eur("100000")
        )
    assert exc.value.code == code


def test_points_over_the_maximum_share_are_refused_with_the_most_allowed(ada):
    give(ada, 20000)
    with pytest.raises(ValidationFailed) as exc:
        facade.loyalty_quote_redemption(
            user_id=ada.pk, points=12000, currency="EUR", order_total=eur("1000.00")
        )
    assert exc.value.code == "loyalty_over_max_share"
    assert exc.value.details == {"max_points": 10000, "max_value": eur("200.00")}
    assert "use 10000 points at most" in exc.value.message


def test_a_currency_outside_the_programme_cannot_be_paid_in_points(ada):
    give(ada, 100)
    with pytest.raises(ValidationFailed) as exc:
        facade.loyalty_quote_redemption(
            user_id=ada.pk, points=100, currency="USD", order_total=Money("500", "USD")
        )
    assert exc.value.code == "loyalty_currency_unsupported"


def test_reserve_takes_points_at_once_then_commit_spends_them(ada):
    give(ada, 3000)
    held = facade.loyalty_reserve(
        user_id=ada.pk, points=1000, order_ref="SO-1", order_total=eur("2000.00")
    )
    assert (held.points, held.value, held.status) == (1000, eur("20.00"), "reserved")
    balance = facade.loyalty_balance(ada.pk)
    assert (balance.points, balance.reserved) == (2000, 1000)
    assert facade.loyalty_commit(order_ref="SO-1").status == "committed"
    assert facade.loyalty_commit(order_ref="SO-1").status == "committed"  # idempotent
    balance = facade.loyalty_balance(ada.pk)
    assert (balance.points, balance.reserved) == (2000, 0)
    assert_ledger_consistent()


def test_release_returns_the_points_once(ada):
    give(ada, 3000)
    facade.loyalty_reserve(user_id=ada.pk, points=1000, order_ref="SO-1")
    assert facade.loyalty_release(order_ref="SO-1").status == "released"
    assert facade.loyalty_release(order_ref="SO-1").status == "released"
    assert facade.loyalty_balance(ada.pk).points == 3000
    assert list(LoyaltyEntry.objects.values_list("kind", "points", "balance_after")) == [
        ("adjust", 3000, 3000),
        ("redeem", -1000, 2000),
        ("release", 1000, 3000),
    ]
    with pytest.raises(Conflict) as exc:
        facade.loyalty_commit(order_ref="SO-1")
    assert exc.value.code == "loyalty_reservation_released"
    assert_ledger_consistent()


def test_an_order_without_points_commits_and_releases_nothing(ada):
    assert facade.loyalty_commit(order_ref="SO-9") is None
    assert facade.loyalty_release(order_ref="SO-9") is None


def test_reserve_is_idempotent_per_order_and_refuses_other_points_for_it(ada):
    give(ada, 3000)
    facade.loyalty_reserve(user_id=ada.pk, points=1000, order_ref="SO-1")
    facade.loyalty_reserve(user_id=ada.pk, points=1000, order_ref="SO-1")
    assert facade.loyalty_balance(ada.pk).points == 2000
    with pytest.raises(Conflict) as exc:
        facade.loyalty_reserve(user_id=ada.pk, points=500, order_ref="SO-1")
    assert exc.value.code == "loyalty_already_reserved"


@pytest.mark.parametrize(
    ("points", "total", "code"),
    [
        (-5, None, "loyalty_points_invalid"),
        (3001, None, "loyalty_insufficient_points"),
        (2500, eur("100.00"), "loyalty_over_max_share"),  # 50.00 > 20 % of 100.00
    ],
)
def test_bad_reservations_write_nothing(ada, points, total, code):
    give(ada, 3000)
    with pytest.raises(ValidationFailed) as exc:
        facade.loyalty_reserve(user_id=ada.pk, points=points, order_ref="SO-1", order_total=total)
    assert exc.value.code == code
    assert not LoyaltyReservation.objects.exists()
    assert LoyaltyEntry.objects.count() == 1
    assert facade.loyalty_balance(ada.pk).points == 3000


def test_a_customer_without_an_account_has_nothing_to_reserve(ada):
    with pytest.raises(ValidationFailed) as exc:
        facade.loyalty_reserve(user_id=ada.pk, points=1, order_ref="SO-1")
    assert exc.value.code == "loyalty_insufficient_points"
    assert not LoyaltyAccount.objects.exists()


# --- The ledger and manual adjustments --------------------------------------------------


def test_the_database_refuses_a_negative_balance(ada):
    give(ada, 10)
    with pytest.raises(IntegrityError), transaction.atomic():
        LoyaltyAccount.objects.filter(user=ada).update(balance=-1)


def test_manual_adjustment_needs_the_capability_a_reason_and_enough_points(ada):
    with pytest.raises(PermissionDenied):
        services.loyalty_account_adjust(user_id=ada.pk, points=10, reason="x", actor=CUSTOMER)
    with pytest.raises(ValidationFailed) as exc:
        services.loyalty_account_adjust(user_id=ada.pk, points=10, reason=" ", actor=MANAGER)
    assert exc.value.code == "loyalty_reason_required"
    give(ada, 100)
    with pytest.raises(ValidationFailed) as exc:
        services.loyalty_account_adjust(
            user_id=ada.pk, points=-101, reason="Goodwill reversed", actor=MANAGER
        )
    assert exc.value.code == "loyalty_insufficient_points"
    entry = services.loyalty_account_adjust(
        user_id=ada.pk, points=-40, reason="Duplicate credit", actor=MANAGER
    )
    assert (entry.points, entry.balance_after, entry.actor_label) == (
        -40,
        60,
        "e-commerce manager",
    )
    assert_ledger_consistent()


def test_programme_settings_are_validated():
    with pytest.raises(ValidationFailed, match="max_share: a percentage up to 100"):
        programme.loyalty_rate_set(
            currency="EUR", earn_rate="1", point_value="0.01", max_share="120", actor=MANAGER
        )
    with pytest.raises(ValidationFailed, match="point_value: must be above 0"):
        programme.loyalty_rate_set(
            currency="EUR", earn_rate="1", point_value="0", max_share="20", actor=MANAGER
        )
    with pytest.raises(ValidationFailed, match="give a decimal, not a float"):
        programme.loyalty_tier_set(
            code="gold", name="Gold", min_points=1, multiplier=1.5, actor=MANAGER
        )
