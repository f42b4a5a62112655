"""Demo step: promotions and the loyalty programme, through the same services.

Wire it with `STEPS.append(load_promotions_demo)` in `atelier.demo.loader`, after the
customers (and the catalog, when it has a demo step): it takes the loader's
`DemoContext` (it uses `ctx.actor`, `ctx.tally()` and `ctx.users`) or nothing. Like
every step it creates only what is missing, so a second run writes nothing. The autumn
promotion needs the `sofas` category and the `autumn` collection; until they exist it
is loaded switched off, and a later run restricts it to them and switches it on.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from atelier.catalog import facade as catalog
from atelier.core.actor import system_actor
from atelier.pricing.loyalty import programme
from atelier.pricing.loyalty import services as loyalty
from atelier.pricing.loyalty.models import LoyaltyAccount, LoyaltyRate, LoyaltyTier
from atelier.pricing.promotions import services as promotions
from atelier.pricing.promotions.models import Promotion

SINCE = datetime(2025, 1, 1, tzinfo=UTC)
WELCOME_CODE = "WELCOME10"
AUTUMN = "Autumn collection: 10 % off sofas"
WHITE_GLOVE = "Free white-glove delivery"
WELCOME_POINTS = 2500

RATES = {  # currency: (points per unit, value of a point, max % of an order)
    "EUR": ("1", "0.02", "20"),
    "GBP": ("1.15", "0.017", "20"),
    "CHF": ("1", "0.02", "20"),
    "USD": ("0.95", "0.021", "20"),
}
TIERS = [("silver", "Silver", 0, "1.00"), ("gold", "Gold", 10000, "1.25")]
TIERS.append(("platinum", "Platinum", 30000, "1.50"))


def load_promotions_demo(ctx=None) -> None:
    actor = ctx.actor if ctx is not None else system_actor("demo loader")
    tally = ctx.tally if ctx is not None else (lambda kind, created: None)
    _welcome_code(actor, tally)
    _autumn(actor, tally)
    _white_glove(actor, tally)
    _programme(actor, tally)
    customers = [u for u in getattr(ctx, "users", {}).values() if u.kind == "customer"]
    _welcome_points(customers, actor, tally)


def _welcome_code(actor, tally) -> None:
    exists = Promotion.objects.filter(code=WELCOME_CODE).exists()
    if not exists:
        promotions.promotion_create(
            name="Welcome: 10 % off your first order",
            code=WELCOME_CODE,
            kind="percentage",
            percentage=Decimal("10"),
            starts_at=SINCE,
            usage_limit_per_customer=1,
            currencies={
                "EUR": {"min_spend": "1000"},
                "GBP": {"min_spend": "900"},
                "CHF": {"min_spend": "1000"},
                "USD": {"min_spend": "1100"},
            },
            actor=actor,
        )
    tally("promotions", not exists)


def _autumn(actor, tally) -> None:
    category = catalog.category_ids_by_slug(["sofas"]).get("sofas")
    collection = catalog.collection_ids_by_slug(["autumn"]).get("autumn")
    ready = category is not None and collection is not None
    row = Promotion.objects.filter(code="", name=AUTUMN).first()
    tally("promotions", row is None)
    if row is None:
        row = promotions.promotion_create(
            name=AUTUMN,
            kind="percentage",
            percentage=Decimal("10"),
            starts_at=SINCE,
            priority=10,
            is_active=False,
            actor=actor,
        )
    if ready and not row.is_active:
        promotions.promotion_restrict(
            promotion=row, category_ids=[category], collection_ids=[collection], actor=actor
        )
        row.is_active = True
        promotions.promotion_save(promotion=row, actor=actor)


def _white_glove(actor, tally) -> None:
    exists = Promotion.objects.filter(code="", name=WHITE_GLOVE).exists()
    if not exists:
        promotions.promotion_create(
            name=WHITE_GLOVE,
            kind="free_shipping",
            starts_at=SINCE,
            currencies={
                "EUR": {"min_spend": "15000"},
                "GBP": {"min_spend": "13000"},
                "CHF": {"min_spend": "15000"},
                "USD": {"min_spend": "16000"},
            },
            actor=actor,
        )
    tally("promotions", not exists)


def _programme(actor, tally) -> None:
    known = set(LoyaltyRate.objects.values_list("currency", flat=True))
    for currency, (earn, value, share) in RATES.items():
        if currency not in known:
            programme.loyalty_rate_set(
                currency=currency, earn_rate=earn, point_value=value, max_share=share, actor=actor
            )
        tally("loyalty rates", currency not in known)
    known = set(LoyaltyTier.objects.values_list("code", flat=True))
    for code, name, min_points, multiplier in TIERS:
        if code not in known:
            programme.loyalty_tier_set(
                code=code, name=name, min_points=min_points, multiplier=multiplier, actor=actor
            )
        tally("loyalty tiers", code not in known)


def _welcome_points(customers, actor, tally) -> None:
    """Demo customers start with points to spend at checkout."""
    opened = set(
        LoyaltyAccount.objects.filter(user__in=customers).values_list("user_id", flat=True)
    )
    for user in customers:
        if user.pk not in opened:
            loyalty.loyalty_account_adjust(
                user_id=user.pk,
                points=WELCOME_POINTS,
                reason="Welcome to the Atelier circle (demo)",
                actor=actor,
            )
        tally("loyalty accounts", user.pk not in opened)
