"""What other contexts (sales, storefront, api...) may ask pricing.

quote(variant_id=..., region_code="eu", quantity=2, options={"fabric": "mohair"},
      dimensions={"width": "260"}, on=date.today()) -> PriceQuote
prices_for_variants([1, 2, 3], "us") -> {1: PriceQuote, ...}   # list pages
price_source("eu") -> a catalog.ports.PriceSource for product_listing(prices=...)
configurator_prices(product_id, "eu") -> ConfiguratorPrices   # product page
regions() -> [RegionInfo, ...]                                  # region pickers

Promotions and loyalty (sales: cart, checkout, payment handlers):
evaluate_promotions(cart=CartSnapshot, code="WELCOME10", customer_user_id=, email=)
promotion_redeem(...) / promotion_release(order_ref=)            # in the checkout transaction
loyalty_balance / loyalty_tier / loyalty_quote_redemption / loyalty_reserve /
loyalty_commit / loyalty_release / loyalty_earn
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone

from atelier.catalog import facade as catalog
from atelier.core.actor import Actor
from atelier.core.money import Money
from atelier.pricing import quotes, taxes
from atelier.pricing.dto import (
    AddOn,
    AppliedPromotion,
    CartLineSnapshot,
    CartSnapshot,
    CodeRefusal,
    ConfiguratorPrices,
    LoyaltyBalance,
    LoyaltyEarning,
    LoyaltyRedemptionQuote,
    LoyaltyReservationInfo,
    LoyaltyTierInfo,
    PriceQuote,
    PromotionResult,
    RegionInfo,
    SizeRule,
)
from atelier.pricing.loyalty import selectors as _loyalty
from atelier.pricing.loyalty import services as _loyalty_services
from atelier.pricing.models import PriceList
from atelier.pricing.promotions import evaluate as _promotions
from atelier.pricing.promotions import redemptions as _redemptions

__all__ = [
    "AddOn",
    "ConfiguratorPrices",
    "PriceQuote",
    "RegionInfo",
    "RegionPrices",
    "SizeRule",
    "configurator_prices",
    "price_source",
    "prices_for_variants",
    "quote",
    "regions",
    "tax_split",
]


def quote(
    *,
    variant_id: int,
    region_code: str,
    quantity: int = 1,
    options=(),
    dimensions=None,
    on: date | None = None,
    as_of: datetime | None = None,
    country: str | None = None,
    state: str | None = None,
) -> PriceQuote:
    """The price of a line: the variant, its made-to-order options ({group: choice} or
    pairs) and custom dimensions ({"width": "260"}), with tax for the destination
    (`country`/`state`, else the region's default).

    `on` (default: today, or `as_of`'s day) picks the dated price entries and tax rates.
    `as_of` (an aware datetime, e.g. an order's created_at) prices the option and size
    add-ons as they stood at that moment, from their history: a choice priced later is
    not sold then, a price changed or removed later counts with its value then. Without
    `as_of` the current add-ons are used (no history queries).

    Raises NotFound (unknown variant or region) or ValidationFailed (invalid
    configuration; variant, option or custom size not sold in the region; no tax rate).
    """
    return quotes.quote(
        variant_id=variant_id,
        region_code=region_code,
        quantity=quantity,
        options=options,
        dimensions=dimensions,
        on=on or timezone.localdate(as_of),
        as_of=as_of,
        country=country,
        state=state,
    )


def prices_for_variants(
    variant_ids: Collection[int],
    region_code: str,
    *,
    quantity: int = 1,
    on: date | None = None,
    country: str | None = None,
    state: str | None = None,
) -> dict[int, PriceQuote]:
    """Base prices of many variants (no options); variants not sold there are left out.
    Three queries whatever the number of variants."""
    return quotes.bulk(
        variant_ids,
        region_code,
        quantity=quantity,
        on=on or timezone.localdate(),
        country=country,
        state=state,
    )


class RegionPrices:
    """`catalog.ports.PriceSource` for one region; remembers what it has priced."""

    def __init__(self, region_code: str, *, on: date | None = None):
        self.region_code = region_code
        self.on = on or timezone.localdate()
        self.shown: dict[int, Money] = {}
        self.unpriced: set[int] = set()

    def display_prices(self, variant_ids: Collection[int]) -> dict[int, Money]:
        """Shelf prices (what `quote(...).unit_display` shows), without building quotes:
        listings price every matching variant, so this stays cheap at catalog scale."""
        missing = [v for v in variant_ids if v not in self.shown and v not in self.unpriced]
        if missing:
            found = quotes.display_amounts(missing, self.region_code, on=self.on)
            self.shown.update(found)
            self.unpriced.update(v for v in missing if v not in found)
        return {v: self.shown[v] for v in variant_ids if v in self.shown}


def price_source(region_code: str, *, on: date | None = None) -> RegionPrices:
    return RegionPrices(region_code, on=on)


def configurator_prices(
    product_id: int, region_code: str, *, on: date | None = None
) -> ConfiguratorPrices:
    """Add-ons for every option choice and custom size of a product in a region."""
    price_list = quotes.list_for_region(region_code)
    currency = price_list.currency
    options = quotes.option_amounts(price_list, catalog.option_choice_ids(product_id))
    sizes = quotes.dimension_rules(price_list, product_id)
    return ConfiguratorPrices(
        currency=currency,
        tax_display=price_list.tax_display,
        options={c: Money(a, currency) for c, a in options.items()},
        dimensions={axis: SizeRule(step, Money(a, currency)) for axis, (step, a) in sizes.items()},
    )


def regions() -> list[RegionInfo]:
    """Regions with a price list (the ones the shop sells in), by name. One query."""
    lists = PriceList.objects.filter(region__isnull=False).select_related("region")
    return [
        RegionInfo(
            code=pl.region.code,
            name=pl.region.name,
            currency=pl.currency,
            tax_display=pl.tax_display,
            countries=tuple(str(c) for c in pl.region.countries),
        )
        for pl in sorted(lists, key=lambda pl: pl.region.name)
    ]


def tax_split(amount: Money, *, rate: Decimal, tax_display: str) -> tuple[Money, Money, Money]:
    """(net, tax, gross) of an amount stated as the price list states prices (gross where
    VAT is included, net where tax is added) at `rate` percent, rounded half-up like a
    line: for discounts and shipping charged with the goods (sales)."""
    line = taxes.tax_line(amount, 1, rate, tax_display)
    return line.line_net, line.line_tax, line.line_gross


# --- Promotions -----------------------------------------------------------------------


def evaluate_promotions(
    *,
    cart: CartSnapshot,
    code: str | None,
    customer_user_id: int | None,
    email: str | None,
    on: datetime | None = None,
    strict: bool = True,
) -> PromotionResult:
    """Discounts for a cart: automatic promotions plus at most one code (rules, stacking
    and rounding in docs/contexts/pricing.md). Reads only.

    A code that cannot be used raises ValidationFailed with a stable `code`
    (`promotions.enums.Refusal`: code_unknown, code_expired, code_not_yet_valid,
    code_exhausted, code_customer_limit, code_email_required, code_min_spend (details:
    `missing`, `min_spend` as Money), code_wrong_currency, code_not_applicable,
    code_not_combinable, code_inactive). With `strict=False` (re-pricing a cart whose
    code was accepted earlier) the refusal is returned in `code_refusal` instead, with
    the automatic promotions applied. A malformed cart raises `cart_invalid`."""
    return _promotions.evaluate(
        cart=cart,
        code=code,
        customer_user_id=customer_user_id,
        email=email,
        on=on,
        strict=strict,
    )


def promotion_redeem(
    *,
    promotion_ids: Collection[int],
    code: str | None,
    order_ref: str,
    customer_user_id: int | None,
    email: str | None,
    actor: Actor | None = None,
) -> tuple[int, ...]:
    """Count the order's promotions (`PromotionResult.promotion_ids`) against their
    limits; call it inside the checkout transaction. Row locks make the limits hold
    under concurrent checkouts; a limit reached meanwhile raises ValidationFailed
    (`code_exhausted` "This code has just been used up.", `code_customer_limit`,
    `promotion_unavailable` for an automatic one) having written nothing. Idempotent
    per (promotion, order)."""
    return _redemptions.promotion_redeem(
        promotion_ids=promotion_ids,
        code=code,
        order_ref=order_ref,
        customer_user_id=customer_user_id,
        email=email,
        actor=actor,
    )


def promotion_release(*, order_ref: str, actor: Actor | None = None) -> int:
    """The order was cancelled or expired unpaid: its promotions count no more (the
    code can be used again). Idempotent; returns how many were released."""
    return _redemptions.promotion_release(order_ref=order_ref, actor=actor)


# --- Loyalty --------------------------------------------------------------------------


def loyalty_balance(user_id: int) -> LoyaltyBalance:
    """Points available now, and points held for unpaid orders."""
    return _loyalty.balance(user_id)


def loyalty_tier(user_id: int) -> LoyaltyTierInfo:
    """Tier by qualifying points over the last 365 days, its multiplier, the next tier."""
    return _loyalty.tier(user_id)


def loyalty_quote_redemption(
    *, user_id: int, points: int, currency: str, order_total: Money
) -> LoyaltyRedemptionQuote:
    """What `points` would pay towards an order of `order_total` (after promotions).
    ValidationFailed: loyalty_points_invalid (not a whole number above 0),
    loyalty_currency_unsupported, loyalty_insufficient_points, loyalty_over_max_share
    (details: `max_points`, `max_value`)."""
    return _loyalty.quote_redemption(
        user_id=user_id, points=points, currency=currency, order_total=order_total
    )


def loyalty_reserve(
    *, user_id: int, points: int, order_ref: str, order_total: Money | None = None
) -> LoyaltyReservationInfo:
    """Hold points for an unpaid order, in the checkout transaction; they leave the
    balance at once (concurrency-safe: the account row is locked). Pass `order_total` to
    re-check the maximum share and keep the money value. Idempotent per order."""
    return _loyalty_services.loyalty_reserve(
        user_id=user_id, points=points, order_ref=order_ref, order_total=order_total
    )


def loyalty_commit(*, order_ref: str) -> LoyaltyReservationInfo | None:
    """Payment succeeded: the reserved points are spent. Idempotent; None if no points."""
    return _loyalty_services.loyalty_commit(order_ref=order_ref)


def loyalty_release(*, order_ref: str) -> LoyaltyReservationInfo | None:
    """Order cancelled or expired: reserved points return to the balance. Idempotent."""
    return _loyalty_services.loyalty_release(order_ref=order_ref)


def loyalty_earn(*, user_id: int, order_ref: str, amount: Money) -> LoyaltyEarning:
    """Points for a paid order: `amount` = the goods paid (after discounts and points,
    without delivery). Call from the payment-succeeded handler; idempotent per order.
    A currency outside the programme earns 0; a guest (None) is refused (loyalty_guest)."""
    return _loyalty_services.loyalty_earn(user_id=user_id, order_ref=order_ref, amount=amount)


__all__ += [
    "AppliedPromotion",
    "CartLineSnapshot",
    "CartSnapshot",
    "CodeRefusal",
    "LoyaltyBalance",
    "LoyaltyEarning",
    "LoyaltyRedemptionQuote",
    "LoyaltyReservationInfo",
    "LoyaltyTierInfo",
    "PromotionResult",
    "evaluate_promotions",
    "loyalty_balance",
    "loyalty_commit",
    "loyalty_earn",
    "loyalty_quote_redemption",
    "loyalty_release",
    "loyalty_reserve",
    "loyalty_tier",
    "promotion_redeem",
    "promotion_release",
]
