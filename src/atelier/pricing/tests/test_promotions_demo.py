"""The promotions and loyalty demo step: what it loads, and that a re-run writes nothing."""

from collections import Counter
from decimal import Decimal
from types import SimpleNamespace

import pytest

from atelier.catalog.tests.factories import CategoryFactory, CollectionFactory
from atelier.core.actor import system_actor
from atelier.core.money import Money
from atelier.customers.tests.factories import UserFactory
from atelier.pricing import facade
from atelier.pricing.demo import AUTUMN, WELCOME_POINTS, load_promotions_demo
from atelier.pricing.loyalty.models import LoyaltyEntry, LoyaltyRate, LoyaltyTier
from atelier.pricing.promotions.models import Promotion
from atelier.pricing.tests.promotion_helpers import cart, line

pytestmark = pytest.mark.django_db


def context(users=()):
    counts: dict[str, Counter] = {}

    def tally(kind, created):
        counts.setdefault(kind, Counter())["new" if created else "existing"] += 1

    return SimpleNamespace(
        actor=system_actor("demo loader"), tally=tally, users={u.email: u for u in users}, c=counts
    )


def snapshot() -> dict:
    models = (Promotion, LoyaltyRate, LoyaltyTier, LoyaltyEntry)
    counts = {m.__name__: m.objects.count() for m in models}
    counts.update({f"history {m.__name__}": m.history.count() for m in models[:3]})
    return counts


def test_loads_the_codes_promotions_and_programme_once():
    ada = UserFactory(email="ada@example.com")
    first = context([ada])
    load_promotions_demo(first)
    assert first.c["promotions"] == Counter(new=3)
    assert dict(LoyaltyTier.objects.values_list("code", "multiplier")) == {
        "silver": Decimal("1.00"),
        "gold": Decimal("1.25"),
        "platinum": Decimal("1.50"),
    }
    assert facade.loyalty_balance(ada.pk).points == WELCOME_POINTS
    before = snapshot()
    again = context([ada])
    load_promotions_demo(again)
    assert snapshot() == before
    assert again.c["promotions"] == Counter(existing=3)


def test_welcome10_gives_ten_percent_once_from_the_minimum_spend():
    load_promotions_demo()
    res = facade.evaluate_promotions(
        cart=cart(line("a", "1000.00")), code="welcome10", customer_user_id=None, email="a@b.c"
    )
    assert res.order_discount == Money("100.00", "EUR")


def test_the_autumn_promotion_waits_for_the_catalog_then_applies_to_autumn_sofas():
    load_promotions_demo()
    assert not Promotion.objects.get(name=AUTUMN).is_active
    sofas, autumn = CategoryFactory(slug="sofas"), CollectionFactory(slug="autumn")
    load_promotions_demo()
    res = facade.evaluate_promotions(
        cart=cart(
            line("sofa", "4000.00", categories=[sofas.pk], collections=[autumn.pk]),
            line("other", "4000.00", categories=[sofas.pk]),
        ),
        code=None,
        customer_user_id=None,
        email=None,
    )
    assert res.line_discounts["sofa"] == Money("400.00", "EUR")
    assert res.line_discounts["other"] == Money("0", "EUR")
