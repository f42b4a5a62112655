"""What promotions a cart gets: the facade's `evaluate_promotions`. Reads only."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from atelier.core.errors import ValidationFailed
from atelier.core.money import Money
from atelier.pricing.dto import CartSnapshot, CodeRefusal, PromotionResult
from atelier.pricing.promotions import rules
from atelier.pricing.promotions.enums import Refusal
from atelier.pricing.promotions.offers import (
    customer_uses,
    load_offers,
    normalise_code,
    normalise_email,
)


def evaluate(
    *,
    cart: CartSnapshot,
    code: str | None,
    customer_user_id: int | None,
    email: str | None,
    on: datetime | None = None,
    strict: bool = True,
) -> PromotionResult:
    check_cart(cart)
    code, on = normalise_code(code), on or timezone.now()
    offers = load_offers(on=on, code=code)
    ctx = _context(offers, cart, on, customer_user_id, normalise_email(email))
    automatic = [o for o in offers if not o.code and rules.refusal(o, ctx) is None]
    code_offer, found = _code_offer(offers, code, ctx)
    chosen, lost = rules.choose(automatic, code_offer, cart)
    if lost:
        found = _not_combinable(chosen)
    if found is not None and strict:
        raise ValidationFailed(found.message, code=found.code, **found.details)
    return rules.with_code_refusal(rules.result(chosen, cart), found)


def _context(offers, cart, on, user_id, email) -> rules.Context:
    limited = [o.id for o in offers if o.usage_limit_per_customer is not None]
    return rules.Context(
        on=on,
        cart=cart,
        identified=user_id is not None or bool(email),
        uses=customer_uses(limited, user_id=user_id, email=email),
    )


def _code_offer(offers, code: str, ctx: rules.Context):
    """(the code's offer if it can be used, else None; why not)."""
    if not code:
        return None, None
    offer = next((o for o in offers if o.code == code), None)
    if offer is None:
        return None, CodeRefusal(Refusal.UNKNOWN.value, f"There is no code {code}.", {})
    found = rules.refusal(offer, ctx)
    return (None, found) if found else (offer, None)


def _not_combinable(chosen) -> CodeRefusal:
    names = ", ".join(o.name for o in chosen)
    return CodeRefusal(
        Refusal.NOT_COMBINABLE.value,
        f"This code cannot be combined with {names}, which already gives you more.",
        {"promotions": [o.id for o in chosen]},
    )


def check_cart(cart: CartSnapshot) -> None:
    """Sales passes a consistent snapshot; anything else is refused, not guessed at."""
    currency = cart.currency
    refs = [line.line_ref for line in cart.lines]
    if len(set(refs)) != len(refs):
        raise ValidationFailed("cart: line refs must be unique.", code="cart_invalid")
    amounts = [m for line in cart.lines for m in (line.unit_gross, line.line_gross)]
    if cart.shipping is not None:
        amounts.append(cart.shipping)
    for money in amounts:
        _check_amount(money, currency)
    if any(line.quantity < 1 for line in cart.lines):
        raise ValidationFailed("cart: quantities must be at least 1.", code="cart_invalid")


def _check_amount(money: Money, currency: str) -> None:
    if not isinstance(money, Money) or money.currency != currency:
        raise ValidationFailed(f"cart: every amount must be in {currency}.", code="cart_invalid")
    if money.amount < 0 or money != money.rounded():
        raise ValidationFailed(
            f"cart: {money.amount} is not a {currency} amount of at least zero.",
            code="cart_invalid",
        )
