"""The one place sales talks to pricing's promotions and loyalty (through its facade).

`evaluate()` passes the priced lines to pricing as a `CartSnapshot` and keeps what
totals need: each line's discount (as the price list states amounts: gross where VAT is
included, net where tax is added) and the free-shipping flag. Redemption, release and
loyalty are keyed by the order number.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from atelier.catalog import facade as catalog
from atelier.core.actor import Actor
from atelier.core.errors import DomainError
from atelier.core.money import Money
from atelier.pricing import facade as pricing
from atelier.pricing.dto import CartLineSnapshot, CartSnapshot

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AppliedPromotion:
    code: str
    promotion_ids: tuple[int, ...]
    labels: tuple[tuple[str, Money], ...]  # (promotion name, amount) for the summary
    line_discounts: dict[str, Money] = field(default_factory=dict)  # line key -> amount
    free_shipping: bool = False


def evaluate(*, priced_lines, currency: str, code: str, customer_user_id, email: str, strict):
    """The promotions for these priced lines ((line, variant, quote) triples), or None.

    With `strict` a code that cannot be used (unknown, expired, exhausted, minimum spend,
    other currency) raises ValidationFailed with pricing's sentence; otherwise the code
    is left out and the refusal returned as the second item."""
    snapshot = _snapshot(priced_lines, currency)
    result = pricing.evaluate_promotions(
        cart=snapshot,
        code=code or None,
        customer_user_id=customer_user_id,
        email=email or None,
        strict=strict,
    )
    refusal = result.code_refusal.message if result.code_refusal else ""
    if not result.applied:
        return None, refusal
    applied = AppliedPromotion(
        code=result.code or "",
        promotion_ids=result.promotion_ids,
        labels=tuple((p.name, p.amount) for p in result.applied),
        line_discounts={k: v for k, v in result.line_discounts.items() if v},
        free_shipping=result.free_shipping,
    )
    return applied, refusal


def _snapshot(priced_lines, currency: str) -> CartSnapshot:
    variant_ids = [variant.id for _, variant, _ in priced_lines]
    paths = catalog.variant_category_paths(variant_ids)
    collections = catalog.variant_collection_ids(variant_ids)
    region = priced_lines[0][2].region_code if priced_lines else ""
    return CartSnapshot(
        region_code=region,
        currency=currency,
        lines=tuple(
            CartLineSnapshot(
                line_ref=line.key,
                product_id=variant.product_id,
                variant_id=variant.id,
                category_ids=frozenset(paths.get(variant.id, ())),
                collection_ids=frozenset(collections.get(variant.id, ())),
                quantity=line.quantity,
                unit_gross=quote.unit_display,
                line_gross=quote.line_display,
            )
            for line, variant, quote in priced_lines
        ),
    )


def redeem(*, applied: AppliedPromotion | None, order_ref: str, customer_user_id, email, actor):
    """Count the order's use of its promotions (at checkout; released if it never pays)."""
    if applied is None:
        return
    pricing.promotion_redeem(
        promotion_ids=list(applied.promotion_ids),
        code=applied.code or None,
        order_ref=order_ref,
        customer_user_id=customer_user_id,
        email=email,
        actor=actor,
    )


def release(*, order_ref: str, actor: Actor) -> None:
    """Give back the order's promotion uses and reserved loyalty points (cancelled)."""
    pricing.promotion_release(order_ref=order_ref, actor=actor)
    pricing.loyalty_release(order_ref=order_ref)


def settle(*, order, actor: Actor) -> None:
    """The order is paid: reserved points are spent and the customer earns points for
    the goods (guests earn none). A refusal from loyalty never undoes the payment."""
    try:
        pricing.loyalty_commit(order_ref=order.number)
    except DomainError as exc:
        log.warning("loyalty points of %s not committed: %s", order.number, exc.message)
    goods = order.money("total_gross") - order.money("shipping_gross")
    if order.customer_id is None or not goods:
        return
    try:
        pricing.loyalty_earn(user_id=order.customer_id, order_ref=order.number, amount=goods)
    except DomainError as exc:
        log.warning("no loyalty points for %s: %s", order.number, exc.message)
