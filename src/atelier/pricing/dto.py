"""What pricing hands to other contexts: plain frozen dataclasses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from atelier.catalog.facade import Configuration
from atelier.core.money import Money


@dataclass(frozen=True)
class AddOn:
    kind: str  # "option" or "dimension"
    code: str  # choice code, or the axis
    label: str  # "Fabric: Mohair", "Width 260 cm (+3 x 10 cm)"
    amount: Money  # per unit, in the list's tax display (gross where VAT is included)


@dataclass(frozen=True)
class PriceQuote:
    """The price of one line. Units and line totals each rounded half-up at line level."""

    variant_id: int
    region_code: str
    price_list_code: str
    currency: str
    tax_display: str  # TaxDisplay: "included" or "added"
    quantity: int
    on: date
    base: Money  # the variant's unit price before add-ons, as the list states it
    add_ons: tuple[AddOn, ...]
    unit_net: Money
    unit_tax: Money
    unit_gross: Money
    line_net: Money
    line_tax: Money
    line_gross: Money
    tax_rate: Decimal  # percent
    tax_country: str
    tax_state: str
    tax_determined: bool  # False: US price before a state is known (tax comes at checkout)
    configuration: Configuration | None = None

    @property
    def unit_display(self) -> Money:
        """What the shelf shows: gross where VAT is included, net where tax is added."""
        return self.unit_gross if self.tax_display == "included" else self.unit_net

    @property
    def line_display(self) -> Money:
        return self.line_gross if self.tax_display == "included" else self.line_net


@dataclass(frozen=True)
class SizeRule:
    step_cm: Decimal
    amount_per_step: Money


@dataclass(frozen=True)
class ConfiguratorPrices:
    """Add-ons of one product in one region, for the configurator on the product page.
    Choices or axes missing here are not sold in that region."""

    currency: str
    tax_display: str
    options: dict[int, Money]  # choice id -> add-on
    dimensions: dict[str, SizeRule]  # axis -> rule


@dataclass(frozen=True)
class RegionInfo:
    """A region the shop sells in (it has a price list), for region pickers."""

    code: str
    name: str
    currency: str
    tax_display: str  # TaxDisplay: "included" or "added"
    countries: tuple[str, ...]  # ISO 3166 alpha-2

    @property
    def tax_included(self) -> bool:
        return self.tax_display == "included"


# --- Promotions (sales passes a cart snapshot; pricing never imports sales) -------------


@dataclass(frozen=True)
class CartLineSnapshot:
    """One cart line as sales sees it, before promotions.

    `line_gross` is what the customer is charged for the line before discounts, in the
    list's tax display (`PriceQuote.line_display`: gross where VAT is included, net before
    US sales tax); discounts apply to it and tax is worked out on what remains.
    `category_ids`: the product's category *and its ancestors*
    (`catalog.facade.variant_category_paths`); `collection_ids`: its collections.
    """

    line_ref: str
    product_id: int
    variant_id: int
    category_ids: frozenset[int] | tuple[int, ...]
    collection_ids: frozenset[int] | tuple[int, ...]
    quantity: int
    unit_gross: Money
    line_gross: Money


@dataclass(frozen=True)
class CartSnapshot:
    region_code: str
    currency: str
    lines: tuple[CartLineSnapshot, ...]
    shipping: Money | None = None  # the delivery price, when known (for free delivery)

    @property
    def subtotal(self) -> Money:
        return sum((line.line_gross for line in self.lines), Money.zero(self.currency))


@dataclass(frozen=True)
class AppliedPromotion:
    promotion_id: int
    name: str
    code: str | None  # None: automatic
    kind: str  # PromotionKind: percentage, fixed, free_shipping
    amount: Money  # taken off the lines by this promotion
    line_discounts: dict[str, Money]  # line_ref -> this promotion's share (lines it touched)
    free_shipping: bool


@dataclass(frozen=True)
class CodeRefusal:
    """Why a code was not applied (`ValidationFailed.code` when raised)."""

    code: str  # promotions.enums.Refusal: code_expired, code_min_spend, ...
    message: str
    details: dict


@dataclass(frozen=True)
class PromotionResult:
    """Promotions for a cart. Every discount is carried by the lines: `order_discount` is
    the sum of `line_discounts`; delivery is separate (`free_shipping`)."""

    currency: str
    line_discounts: dict[str, Money]  # every line_ref of the cart -> total discount (or 0)
    order_discount: Money
    shipping_discount: Money  # = cart.shipping when delivery is free and its price known
    free_shipping: bool
    applied: tuple[AppliedPromotion, ...]  # in the order they were applied
    code: str | None  # the applied code (upper-case), None when none applied
    code_refusal: CodeRefusal | None = None  # only with strict=False

    @property
    def promotion_ids(self) -> tuple[int, ...]:
        """What to pass to `promotion_redeem` at checkout."""
        return tuple(p.promotion_id for p in self.applied)

    @property
    def total_discount(self) -> Money:
        return self.order_discount + self.shipping_discount


# --- Loyalty -------------------------------------------------------------------------


@dataclass(frozen=True)
class LoyaltyBalance:
    user_id: int
    points: int  # available now (reserved points are already taken off)
    reserved: int  # held for unpaid orders


@dataclass(frozen=True)
class LoyaltyTierInfo:
    code: str | None  # None: no tier reached (or no tiers configured)
    name: str
    multiplier: Decimal
    qualifying_points: int  # over the last 12 months
    next_code: str | None
    points_to_next: int | None


@dataclass(frozen=True)
class LoyaltyRedemptionQuote:
    user_id: int
    points: int
    value: Money  # what the points pay towards the order
    balance: int
    max_points: int  # the most this order accepts (maximum share and balance)
    max_value: Money


@dataclass(frozen=True)
class LoyaltyReservationInfo:
    order_ref: str
    user_id: int
    points: int
    value: Money | None
    status: str  # ReservationStatus: reserved, committed, released


@dataclass(frozen=True)
class LoyaltyEarning:
    user_id: int
    order_ref: str
    points: int  # 0 when the currency is not in the programme or the amount too small
    qualifying_points: int
    tier_code: str | None  # the tier whose multiplier applied
    created: bool  # False: already earned for this order (nothing written)
