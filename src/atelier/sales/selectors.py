"""Reads for pages and endpoints, always starting from access.py, prefetched so that a
list page runs a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, Q

from atelier.core.actor import Actor
from atelier.core.errors import NotFound
from atelier.core.models import StatusChange
from atelier.core.statemachine import allowed_transitions, history
from atelier.pricing import facade as pricing
from atelier.sales import access, paying, pickup, totals
from atelier.sales.enums import OrderStatus
from atelier.sales.models import Cart, Invoice, OrderLine, SalesOrder
from atelier.sales.services._building import token_matches
from atelier.sales.services.carts import pricing_request
from atelier.sales.shipping_methods import Destination, ShipmentSnapshot, available_quotes
from atelier.sales.shipping_methods.port import ParcelLine, ShippingQuote
from atelier.sales.transitions import TRANSITIONS

PAGE_SIZE = 25


def order_search(
    actor: Actor,
    q: str = "",
    status: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
    page: int = 1,
    per_page: int = PAGE_SIZE,
) -> Page:
    """Orders the actor may see, newest first, filtered by text (number, e-mail, name on
    the delivery address), status and creation date; a page of `per_page` rows with
    boutique, customer and delivery address. Four queries whatever the page size."""
    rows = access.orders_visible_to(actor).select_related("shipping_address", "sales_rep")
    q = (q or "").strip()[:100]
    if q:
        rows = rows.filter(
            Q(number__icontains=q) | Q(email__icontains=q) | Q(shipping_address__name__icontains=q)
        )
    if status in OrderStatus.values:
        rows = rows.filter(status=status)
    if date_from:
        rows = rows.filter(created_at__date__gte=date_from)
    if date_to:
        rows = rows.filter(created_at__date__lte=date_to)
    return Paginator(rows.order_by("-created_at", "-id"), min(max(per_page, 1), 100)).get_page(page)


@dataclass(frozen=True)
class OrderDetail:
    order: SalesOrder
    lines: list[OrderLine]
    invoices: list[Invoice]
    credit_notes: list
    payments: list  # payments.facade dataclasses
    history: list[StatusChange]
    allowed_transitions: list[str]


def order_detail(actor: Actor, number: str) -> OrderDetail:
    """One order with its lines, invoices (with lines), credit notes, payments and status
    history; NotFound outside the actor's scope."""
    order = _detailed(access.get_order_for(actor, number))
    return OrderDetail(
        order=order,
        lines=list(order.lines.all()),
        invoices=list(order.invoices.all()),
        credit_notes=list(order.credit_notes.all()),
        payments=paying.payments_for_order(order.number),
        history=list(history(order)),
        allowed_transitions=allowed_transitions(order, table=TRANSITIONS, actor=actor),
    )


def _detailed(order: SalesOrder) -> SalesOrder:
    return (
        SalesOrder.objects.select_related(
            "boutique",
            "customer",
            "sales_rep",
            "shipping_address",
            "billing_address",
            "pickup_boutique",
        )
        .prefetch_related(
            Prefetch("lines", OrderLine.objects.order_by("position")),
            Prefetch("invoices", Invoice.objects.prefetch_related("lines")),
            "credit_notes__lines",
        )
        .get(pk=order.pk)
    )


def order_for_owner(actor: Actor, number: str, token: str = "") -> SalesOrder:
    """The storefront/API view of an order: its signed-in owner, or anyone holding the
    access token given at checkout; everyone else gets NotFound."""
    number = number.strip() if isinstance(number, str) else ""
    order = SalesOrder.objects.filter(number=number).first() if number else None
    if order is not None:
        owner = actor.user_id is not None and order.customer_id == actor.user_id
        if owner or token_matches(order, token):
            return _detailed(order)
    raise NotFound("No such order.")


def orders_of_customer(actor: Actor, *, limit: int = 50) -> list[SalesOrder]:
    """The signed-in customer's own orders, newest first (account page)."""
    if actor.user_id is None:
        return []
    rows = SalesOrder.objects.filter(customer_id=actor.user_id).exclude(status=OrderStatus.DRAFT)
    return list(rows.order_by("-created_at")[:limit])


def loyalty_balance(cart: Cart) -> int | None:
    """The cart owner's points available now (None for a guest's cart)."""
    if cart.user_id is None:
        return None
    return pricing.loyalty_balance(cart.user_id).points


@dataclass(frozen=True)
class CartView:
    cart: Cart
    priced: totals.PricedCart
    shipping_options: list[ShippingQuote]
    pickup_options: list[pickup.PickupOption] = ()  # boutiques to collect from


def cart_detail(
    cart: Cart, *, destination: Destination | None = None, shipping_method: str = ""
) -> CartView:
    """The cart priced now (server prices, promotions, tax; delivery options for the
    destination, or the region's default one). With a destination and one of its
    offered `shipping_method`s, the totals include that delivery (the checkout page's
    summary); a method not offered there is left out, never an error."""
    priced = totals.price(pricing_request(cart, destination=destination))
    options = _options(priced, destination)
    if destination and shipping_method in {option.code for option in options}:
        request = pricing_request(cart, destination=destination, shipping_method=shipping_method)
        priced = totals.price(request)
    collect = any(pickup.is_pickup(option.code) for option in options)
    return CartView(
        cart=cart,
        priced=priced,
        shipping_options=options,
        pickup_options=_pickup_options(priced) if collect else [],
    )


def _pickup_options(priced: totals.PricedCart) -> list[pickup.PickupOption]:
    lines = [(ln.variant.id, ln.input.quantity, ln.variant.made_to_order) for ln in priced.lines]
    return pickup.pickup_options(region_code=priced.region_code, lines=lines)


def _options(priced: totals.PricedCart, destination: Destination | None) -> list[ShippingQuote]:
    if not priced.lines:
        return []
    where = destination or Destination(country=priced.lines[0].quote.tax_country)
    snapshot = ShipmentSnapshot(
        region_code=priced.region_code,
        currency=priced.currency,
        goods=totals.goods_value(priced.lines, priced.currency),
        lines=tuple(
            ParcelLine(line.variant.id, line.input.quantity, line.variant.made_to_order)
            for line in priced.lines
        ),
    )
    free = bool(priced.promotion and priced.promotion.free_shipping)
    return available_quotes(snapshot, where, free_shipping=free)
