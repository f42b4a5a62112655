"""Promotion rules on plain data (no database): which promotions a cart gets, how they
stack and what each takes off which line. Documented in docs/contexts/pricing.md.

- A line qualifies for a promotion when it matches every kind of restriction the
  promotion has (any of its products, any of its categories, any of its collections).
- Minimum spend: the qualifying lines' amounts before any discount, in the cart's
  currency (a promotion with per-currency rows applies only in those currencies).
- Stacking: automatic promotions in priority order (higher first, then oldest); if the
  first one that applies is not stackable it applies alone, otherwise every stackable
  one applies. At most one code: a stackable code joins the stackable automatic
  promotions; a code that cannot be combined with what applies automatically wins only
  when it gives more, else it is refused (`code_not_combinable`).
- Each promotion works on what earlier ones left of its lines: a percentage of it
  (rounded half-up), or a fixed amount capped at it, so no line goes below zero; the
  amount is shared among its lines by `allocation.allocate`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from atelier.core.money import Money
from atelier.pricing.dto import (
    AppliedPromotion,
    CartLineSnapshot,
    CartSnapshot,
    CodeRefusal,
    PromotionResult,
)
from atelier.pricing.promotions.allocation import allocate
from atelier.pricing.promotions.enums import PromotionKind, Refusal


@dataclass(frozen=True)
class Term:
    amount_off: Decimal | None
    min_spend: Decimal


NO_TERM = Term(None, Decimal(0))


@dataclass(frozen=True)
class Offer:
    """A promotion as the rules see it."""

    id: int
    name: str
    code: str  # "" = automatic
    kind: str
    percentage: Decimal | None
    priority: int
    stackable: bool
    is_active: bool
    starts_at: datetime
    ends_at: datetime | None
    usage_limit: int | None = None
    usage_limit_per_customer: int | None = None
    times_used: int = 0
    terms: Mapping[str, Term] = field(default_factory=dict)
    product_ids: frozenset[int] = frozenset()
    category_ids: frozenset[int] = frozenset()
    collection_ids: frozenset[int] = frozenset()

    @property
    def order(self) -> tuple[int, int]:
        return (-self.priority, self.id)

    def term(self, currency: str) -> Term | None:
        """The terms in `currency`; None when the promotion is not offered in it."""
        if not self.terms:
            return None if self.kind == PromotionKind.FIXED else NO_TERM
        return self.terms.get(currency)

    def matches(self, line: CartLineSnapshot) -> bool:
        return (
            (not self.product_ids or line.product_id in self.product_ids)
            and (not self.category_ids or not self.category_ids.isdisjoint(line.category_ids))
            and (not self.collection_ids or not self.collection_ids.isdisjoint(line.collection_ids))
        )


@dataclass(frozen=True)
class Context:
    on: datetime
    cart: CartSnapshot | None = None
    identified: bool = False  # a customer id or an e-mail is known
    uses: Mapping[int, int] = field(default_factory=dict)  # offer id -> uses by this customer


# --- Eligibility ----------------------------------------------------------------------

Check = Callable[[Offer, Context], CodeRefusal | None]


def _refuse(code: Refusal, message: str, **details) -> CodeRefusal:
    return CodeRefusal(code=code.value, message=message, details=details)


def _day(moment: datetime) -> str:
    return f"{timezone.localtime(moment):%-d %B %Y}"


def _active(offer: Offer, ctx: Context) -> CodeRefusal | None:
    if not offer.is_active:
        return _refuse(Refusal.INACTIVE, "This code is no longer valid.")
    return None


def _started(offer: Offer, ctx: Context) -> CodeRefusal | None:
    if ctx.on < offer.starts_at:
        return _refuse(
            Refusal.NOT_YET_VALID,
            f"This code is valid from {_day(offer.starts_at)}.",
            starts_at=offer.starts_at.isoformat(),
        )
    return None


def _not_ended(offer: Offer, ctx: Context) -> CodeRefusal | None:
    if offer.ends_at is not None and ctx.on >= offer.ends_at:
        return _refuse(
            Refusal.EXPIRED,
            f"This code expired on {_day(offer.ends_at)}.",
            ended_at=offer.ends_at.isoformat(),
        )
    return None


def _not_used_up(offer: Offer, ctx: Context) -> CodeRefusal | None:
    if offer.usage_limit is not None and offer.times_used >= offer.usage_limit:
        return _refuse(Refusal.EXHAUSTED, "This code has been used up.")
    return None


def _customer_limit(offer: Offer, ctx: Context) -> CodeRefusal | None:
    limit = offer.usage_limit_per_customer
    if limit is None:
        return None
    if not ctx.identified:
        return _refuse(Refusal.EMAIL_REQUIRED, "Enter your e-mail address to use this code.")
    if ctx.uses.get(offer.id, 0) >= limit:
        times = "once" if limit == 1 else f"{limit} times"
        return _refuse(
            Refusal.CUSTOMER_LIMIT, f"This code can be used {times} per customer.", limit=limit
        )
    return None


def _currency(offer: Offer, ctx: Context) -> CodeRefusal | None:
    if offer.term(ctx.cart.currency) is None:
        accepted = ", ".join(sorted(offer.terms)) or "no"
        return _refuse(
            Refusal.WRONG_CURRENCY,
            f"This code is for {accepted} orders; your cart is in {ctx.cart.currency}.",
            currencies=sorted(offer.terms),
        )
    return None


def _applies(offer: Offer, ctx: Context) -> CodeRefusal | None:
    if not any(offer.matches(line) for line in ctx.cart.lines):
        return _refuse(Refusal.NOT_APPLICABLE, "This code does not apply to anything in your cart.")
    return None


def _min_spend(offer: Offer, ctx: Context) -> CodeRefusal | None:
    currency = ctx.cart.currency
    minimum = Money(offer.term(currency).min_spend, currency)
    spent = qualifying_subtotal(offer, ctx.cart)
    if spent < minimum:
        missing = minimum - spent
        return _refuse(
            Refusal.MIN_SPEND,
            f"Spend {missing} more to use this code (minimum {minimum}).",
            missing=missing,
            min_spend=minimum,
        )
    return None


USE_CHECKS: tuple[Check, ...] = (_active, _started, _not_ended, _not_used_up, _customer_limit)
CART_CHECKS: tuple[Check, ...] = (_currency, _applies, _min_spend)


def refusal(
    offer: Offer, ctx: Context, checks: Sequence[Check] | None = None
) -> CodeRefusal | None:
    """The first reason `offer` cannot be used (all checks by default), or None."""
    for check in checks or (*USE_CHECKS, *CART_CHECKS):
        found = check(offer, ctx)
        if found is not None:
            return found
    return None


def qualifying_subtotal(offer: Offer, cart: CartSnapshot) -> Money:
    lines = [line.line_gross for line in cart.lines if offer.matches(line)]
    return sum(lines, Money.zero(cart.currency))


# --- Stacking -------------------------------------------------------------------------


def choose(
    automatic: Sequence[Offer], code_offer: Offer | None, cart: CartSnapshot
) -> tuple[list[Offer], bool]:
    """The offers to apply, in order, and whether the code lost to a better promotion it
    cannot be combined with. All given offers are eligible for the cart."""
    automatic = sorted(automatic, key=_order)
    auto_set = _automatic_set(automatic)
    if code_offer is None:
        return auto_set, False
    with_code = [code_offer]
    if code_offer.stackable:
        with_code = sorted([code_offer, *(o for o in automatic if o.stackable)], key=_order)
    if {o.id for o in auto_set} <= {o.id for o in with_code}:
        return with_code, False
    if _value(with_code, cart) > _value(auto_set, cart):
        return with_code, False
    return auto_set, True


def _order(offer: Offer) -> tuple[int, int]:
    return offer.order


def _automatic_set(ordered: list[Offer]) -> list[Offer]:
    if ordered and not ordered[0].stackable:
        return ordered[:1]
    return [o for o in ordered if o.stackable]


def _value(offers: Sequence[Offer], cart: CartSnapshot) -> Decimal:
    return result(offers, cart).total_discount.amount


# --- Amounts --------------------------------------------------------------------------


def result(offers: Sequence[Offer], cart: CartSnapshot) -> PromotionResult:
    """Apply `offers` in the given order; every line of the cart appears in the result."""
    currency = cart.currency
    remaining = {line.line_ref: line.line_gross.amount for line in cart.lines}
    applied = tuple(_apply(offer, cart, remaining) for offer in offers)
    totals = {ref: Money.zero(currency) for ref in remaining}
    for promotion in applied:
        for ref, part in promotion.line_discounts.items():
            totals[ref] += part
    free = any(p.free_shipping for p in applied)
    shipping = cart.shipping if free and cart.shipping is not None else Money.zero(currency)
    return PromotionResult(
        currency=currency,
        line_discounts=totals,
        order_discount=sum(totals.values(), Money.zero(currency)),
        shipping_discount=shipping,
        free_shipping=free,
        applied=applied,
        code=next((p.code for p in applied if p.code), None),
    )


def _apply(offer: Offer, cart: CartSnapshot, remaining: dict[str, Decimal]) -> AppliedPromotion:
    currency = cart.currency
    lines = [ln.line_ref for ln in cart.lines if offer.matches(ln) and remaining[ln.line_ref] > 0]
    weights = [(ref, remaining[ref]) for ref in lines]
    base = sum((w for _, w in weights), Decimal(0))
    amount = _amount(offer, base, currency)
    parts = allocate(amount, weights, Money.zero(currency).quantum) if weights else {}
    for ref, part in parts.items():
        remaining[ref] -= part
    return AppliedPromotion(
        promotion_id=offer.id,
        name=offer.name,
        code=offer.code or None,
        kind=offer.kind,
        amount=Money(amount, currency),
        line_discounts={ref: Money(p, currency) for ref, p in parts.items() if p},
        free_shipping=offer.kind == PromotionKind.FREE_SHIPPING,
    )


def _amount(offer: Offer, base: Decimal, currency: str) -> Decimal:
    """What the offer takes off `base` (what is left of its lines): never more than it."""
    quantum = Money.zero(currency).quantum
    if offer.kind == PromotionKind.PERCENTAGE:
        off = base * offer.percentage / 100
    elif offer.kind == PromotionKind.FIXED:
        off = offer.term(currency).amount_off
    else:
        off = Decimal(0)
    return min(base, off.quantize(quantum, rounding=ROUND_HALF_UP))


def with_code_refusal(res: PromotionResult, found: CodeRefusal | None) -> PromotionResult:
    return replace(res, code_refusal=found)
