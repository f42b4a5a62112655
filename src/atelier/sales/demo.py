"""Demo orders, made the way customers make them: cart -> checkout -> payment on the
offline provider's page (through the real webhook path), so they end paid, invoiced and
confirmed by e-mail. A demo step: wire it with
`*_step_if_present("atelier.sales.demo", "load_sales_demo")` after inventory and prices.

Running it twice makes nothing new (demo orders are recognised by their e-mail).
"""

from __future__ import annotations

import logging
from urllib.parse import urlparse

from django.conf import settings

from atelier.accounts.actors import actor_for
from atelier.catalog import facade as catalog
from atelier.core.actor import ANONYMOUS, Actor
from atelier.core.errors import DomainError
from atelier.pricing import facade as pricing
from atelier.sales import services
from atelier.sales.models import SalesOrder

log = logging.getLogger(__name__)

ADDRESSES = {
    "eu": {"name": "Camille Martin", "line1": "12 rue du Bac", "postcode": "75007",
           "city": "Paris", "country": "FR"},
    "uk": {"name": "Oliver Grant", "line1": "22 Mount Street", "postcode": "W1K 2RX",
           "city": "London", "country": "GB"},
    "us": {"name": "Jordan Lee", "line1": "120 Greene Street", "postcode": "10012",
           "city": "New York", "state": "NY", "country": "US"},
    "ch": {"name": "Lea Keller", "line1": "Bahnhofstrasse 10", "postcode": "8001",
           "city": "Zürich", "country": "CH"},
}  # fmt: skip
PLAN = [  # (region, made to order?, signed-in customer?)
    ("eu", False, False),
    ("eu", True, True),
    ("uk", False, True),
    ("us", True, False),
]


def load_sales_demo(ctx=None) -> list[str]:
    """A few paid demo orders; returns their numbers (existing ones included)."""
    customers = _customers(ctx)
    numbers = []
    for index, (region, made_to_order, signed_in) in enumerate(PLAN, start=1):
        email = f"demo-order-{index}@atelier.example"
        existing = SalesOrder.objects.filter(email=email).first()
        if existing is not None:
            numbers.append(existing.number)
            _tally(ctx, False)
            continue
        buyer = customers[index % len(customers)] if signed_in and customers else None
        number = _order(region, made_to_order, email, buyer)
        if number:
            numbers.append(number)
            _tally(ctx, True)
    return numbers


def _customers(ctx) -> list:
    users = getattr(ctx, "users", {}) or {}
    return [u for u in users.values() if getattr(u, "kind", "") == "customer"]


def _tally(ctx, created: bool) -> None:
    if ctx is not None and hasattr(ctx, "tally"):
        ctx.tally("sales orders", created)


def _order(region: str, made_to_order: bool, email: str, buyer) -> str | None:
    actor = actor_for(buyer) if buyer else ANONYMOUS
    for variant in _candidates(region, made_to_order):
        try:
            result = _checkout(region, variant, email, actor)
        except DomainError as exc:
            log.info("demo order with %s skipped: %s", variant.sku, exc.message)
            continue
        _pay(result.payment)
        return result.order.number
    log.warning("no demo order for %s (made to order: %s)", region, made_to_order)
    return None


def _candidates(region: str, made_to_order: bool):
    ids = catalog.find_variant_ids(active_only=True, limit=200)
    try:
        priced = pricing.prices_for_variants(ids, region)
    except DomainError:  # the region is not sold in
        return []
    variants = catalog.variants_by_ids(list(priced))
    return [
        v
        for v in sorted(variants.values(), key=lambda v: v.id)
        if v.is_sellable("online") and v.made_to_order == made_to_order
    ][:10]


def _checkout(region: str, variant, email: str, actor: Actor):
    cart = services.cart_create(actor=actor, region_code=region)
    for line in cart.lines.all():  # a customer's open cart: start from an empty one
        services.cart_line_remove(cart=cart, line_id=line.pk, actor=actor)
    services.cart_line_add(
        cart=cart,
        sku=variant.sku,
        quantity=1,
        options=_first_choices(variant.product_id, region) if variant.made_to_order else None,
        actor=actor,
    )
    return services.cart_checkout(
        cart=cart,
        email=email,
        shipping_address=ADDRESSES[region],
        shipping_method="white_glove" if variant.made_to_order else "standard",
        idempotency_key=f"demo:{email}",
        actor=actor,
    )


def _first_choices(product_id: int, region: str) -> dict[str, str]:
    """One choice sold in the region for every option of the product."""
    sold = pricing.configurator_prices(product_id, region).options
    chosen: dict[str, str] = {}
    for group, choice in catalog.option_pairs(product_id, sorted(sold)):
        chosen.setdefault(group, choice)
    return chosen


def _pay(payment) -> None:
    """The payer presses "succeed" on the offline provider's page."""
    if payment is None or payment.provider != "offline" or not payment.redirect_url:
        return
    if settings.PAYMENTS_PROVIDER != "offline":
        return
    from atelier.integrations.payments import registry

    intent_id = urlparse(payment.redirect_url).path.rstrip("/").rsplit("/", 1)[-1]
    registry.offline().act(intent_id, "succeed")
