"""Cart and order endpoints, mounted at /api/v1/ by api/router.py.

Handlers parse, call one service or selector, and shape the answer. Errors are the API's
JSON shape (DomainError -> its status and code). Carts are named by their secret token;
an order is shown to its signed-in owner or to whoever holds its access token (header
`X-Order-Token` or `?token=`), and answers 404 to everyone else.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import get_language_from_request
from ninja import Header, Router, Status

from atelier.accounts.actors import actor_for
from atelier.core.money import Money
from atelier.sales import access, selectors, services
from atelier.sales.models import SalesOrder
from atelier.sales.schemas import (
    CartIn,
    CartOut,
    CheckoutIn,
    CheckoutOut,
    DiscountIn,
    LineIn,
    LineUpdateIn,
    LoyaltyIn,
    OrderOut,
)
from atelier.sales.shipping_methods import Destination

router = Router(tags=["sales"])


# --- Carts ----------------------------------------------------------------------------
@router.post("/carts", response={201: CartOut}, summary="A new cart (a guest's, or yours)")
def cart_create(request, payload: CartIn | None = None):
    actor = actor_for(request.user)
    cart = services.cart_create(actor=actor, region_code=payload.region if payload else None)
    return Status(201, _cart(cart))


@router.get("/carts/{token}", response=CartOut, summary="The cart, priced now")
def cart_get(request, token: str, country: str = "", state: str = ""):
    cart = access.get_cart_for(actor_for(request.user), token)
    destination = Destination(country.upper()[:2], state.upper()[:3]) if country else None
    return _cart(cart, destination)


@router.post("/carts/{token}/lines", response={201: CartOut}, summary="Add a piece")
def cart_line_add(request, token: str, payload: LineIn):
    actor = actor_for(request.user)
    cart = access.get_cart_for(actor, token)
    services.cart_line_add(
        cart=cart,
        sku=payload.sku,
        quantity=payload.quantity,
        options=payload.options,
        dimensions=payload.dimensions,
        actor=actor,
    )
    return Status(201, _cart(cart))


@router.patch("/carts/{token}/lines/{line_id}", response=CartOut, summary="Change a quantity")
def cart_line_update(request, token: str, line_id: int, payload: LineUpdateIn):
    actor = actor_for(request.user)
    cart = access.get_cart_for(actor, token)
    services.cart_line_update(cart=cart, line_id=line_id, quantity=payload.quantity, actor=actor)
    return _cart(cart)


@router.delete("/carts/{token}/lines/{line_id}", response=CartOut, summary="Remove a line")
def cart_line_remove(request, token: str, line_id: int):
    actor = actor_for(request.user)
    cart = access.get_cart_for(actor, token)
    services.cart_line_remove(cart=cart, line_id=line_id, actor=actor)
    return _cart(cart)


@router.post("/carts/{token}/discount", response=CartOut, summary="Use a discount code")
def cart_discount_apply(request, token: str, payload: DiscountIn):
    actor = actor_for(request.user)
    cart = access.get_cart_for(actor, token)
    cart = services.cart_discount_apply(cart=cart, code=payload.code, actor=actor)
    return _cart(cart)


@router.post("/carts/{token}/loyalty", response=CartOut, summary="Redeem loyalty points")
def cart_loyalty_set(request, token: str, payload: LoyaltyIn):
    actor = actor_for(request.user)
    cart = access.get_cart_for(actor, token)
    cart = services.cart_loyalty_set(cart=cart, points=payload.points, actor=actor)
    return _cart(cart)


@router.delete("/carts/{token}/discount", response=CartOut, summary="Remove the code")
def cart_discount_remove(request, token: str):
    actor = actor_for(request.user)
    cart = services.cart_discount_remove(cart=access.get_cart_for(actor, token), actor=actor)
    return _cart(cart)


@router.post(
    "/carts/{token}/checkout",
    response={200: CheckoutOut, 201: CheckoutOut},
    summary="Place the order and start its payment",
    description="Send an `Idempotency-Key` header: the same key returns the same order. "
    "A cart makes one order only; a second checkout without the key is a 409.",
)
def cart_checkout(
    request,
    token: str,
    payload: CheckoutIn,
    idempotency_key: str = Header("", alias="Idempotency-Key"),
):
    actor = actor_for(request.user)
    result = services.cart_checkout(
        cart=access.get_cart_for(actor, token),
        email=payload.email,
        phone=payload.phone,
        sms_opt_in=payload.sms_opt_in,
        language=get_language_from_request(request),
        shipping_address=payload.shipping_address.dict(),
        billing_address=payload.billing_address.dict() if payload.billing_address else None,
        shipping_method=payload.shipping_method,
        pickup_boutique=payload.pickup_boutique,
        idempotency_key=idempotency_key,
        actor=actor,
    )
    return Status(200 if result.replayed else 201, _checkout(result))


# --- Orders ---------------------------------------------------------------------------
@router.get("/orders/{number}", response=OrderOut, summary="An order (owner or token)")
def order_get(
    request,
    number: str,
    token: str = "",
    x_order_token: str = Header("", alias="X-Order-Token"),
):
    order = selectors.order_for_owner(actor_for(request.user), number, x_order_token or token)
    return _order(order)


# --- Shapes ---------------------------------------------------------------------------
def _amount(money: Money) -> str:
    return money.as_dict()["amount"]


def _cart(cart, destination: Destination | None = None) -> dict:
    cart.refresh_from_db()
    view = selectors.cart_detail(cart, destination=destination)
    priced = view.priced
    applied = priced.promotion
    return {
        "token": cart.token,
        "status": cart.status,
        "region": cart.region_code,
        "currency": cart.currency,
        "lines": [_cart_line(line) for line in priced.lines],
        "problems": [
            {"line_id": int(p.key), "code": p.code, "message": p.message} for p in priced.problems
        ],
        "discount_code": cart.discount_code,
        "discount_error": priced.discount_error,
        "promotions": [
            {"label": label, "amount": _amount(amount)}
            for label, amount in (applied.labels if applied else ())
        ],
        "free_shipping": bool(applied and applied.free_shipping),
        "totals": priced.summary(),
        "shipping_options": [
            {"code": q.code, "name": q.name, "price": _amount(q.price), "eta": q.eta}
            for q in view.shipping_options
        ],
        "pickup_boutiques": [
            {"code": b.code, "name": b.name, "city": b.city} for b in view.pickup_options
        ],
        "loyalty": {"points": priced.loyalty.points, "value": _amount(priced.loyalty.value)}
        if priced.loyalty
        else None,
        "loyalty_error": priced.loyalty_error,
        "loyalty_balance": selectors.loyalty_balance(cart),
    }


def _cart_line(line) -> dict:
    quote, configuration = line.quote, line.quote.configuration
    included = quote.tax_display == "included"
    discount = line.discount.gross if included else line.discount.net
    return {
        "id": int(line.key),
        "sku": line.variant.sku,
        "product_name": line.variant.product_name,
        "product_slug": line.variant.product_slug,
        "variant_name": line.variant.name,
        "made_to_order": line.variant.made_to_order,
        "quantity": line.input.quantity,
        "options": [
            {
                "group": o.group_code,
                "group_name": o.group_name,
                "choice": o.choice_code,
                "choice_name": o.choice_name,
            }
            for o in (configuration.options if configuration else ())
        ],
        "dimensions": {k: str(v) for k, v in line.input.dimensions.items()},
        "add_ons": [{"label": a.label, "amount": _amount(a.amount)} for a in quote.add_ons],
        "unit_price": _amount(quote.unit_display),
        "line_price": _amount(quote.line_display),
        "discount": _amount(discount),
    }


def _checkout(result) -> dict:
    order, payment = result.order, result.payment
    return {
        "order_number": order.number,
        "status": order.status,
        "access_token": result.access_token,
        "totals": order_totals(order),
        "payment": {
            "provider": payment.provider,
            "payment_id": payment.payment_id,
            "client_secret": payment.client_secret,
            "redirect_url": payment.redirect_url,
            "publishable_key": payment.publishable_key,
        }
        if payment
        else None,
    }


def order_totals(order: SalesOrder) -> dict:
    """The order's totals as the list states amounts (gross or net), like a cart's."""
    included = order.tax_display == "included"
    lines = list(order.lines.all())
    if included:
        subtotal, discount = order.lines_gross, order.discount_gross
        shipping = order.shipping_gross
    else:
        subtotal = sum((line.line_net for line in lines), Decimal(0))
        discount = sum((line.discount_net for line in lines), Decimal(0))
        shipping = order.shipping_net

    def fmt(value) -> str:
        return _amount(Money(value, order.currency))

    return {
        "currency": order.currency,
        "tax_included": included,
        "subtotal": fmt(subtotal),
        "discount": fmt(discount),
        "shipping": fmt(shipping),
        "tax": fmt(order.total_tax),
        "total": fmt(order.total_gross),
    }


def _order(order: SalesOrder) -> dict:
    address = order.shipping_address
    return {
        "number": order.number,
        "status": order.status,
        "status_label": order.get_status_display(),
        "created_at": order.created_at,
        "email": order.email,
        "sms_opt_in": order.sms_opt_in,
        "language": order.language,
        "currency": order.currency,
        "lines": [_order_line(order, line) for line in order.lines.all()],
        "totals": order_totals(order),
        "amount_paid": _amount(order.money("amount_paid")),
        "shipping_method": order.shipping_method_name,
        "shipping_eta": order.shipping_eta,
        "shipping_address": address.as_dict() if address else None,
        "pickup_boutique": _pickup(order.pickup_boutique) if order.pickup_boutique_id else None,
        "invoices": [
            {"number": i.number, "issued_at": i.issued_at, "total": _amount(i.money("total_gross"))}
            for i in order.invoices.all()
        ],
    }


def _pickup(boutique) -> dict:
    return {"code": boutique.code, "name": boutique.name, "city": boutique.city}


def _order_line(order: SalesOrder, line) -> dict:
    side = "gross" if order.tax_display == "included" else "net"
    configuration = line.configuration or {}

    def fmt(field: str) -> str:
        return _amount(Money(getattr(line, f"{field}_{side}"), order.currency))

    return {
        "ref": line.ref,
        "sku": line.sku,
        "description": line.description,
        "made_to_order": line.kind == "made_to_order",
        "quantity": line.quantity,
        "options": [
            {
                "group": o.get("group_code", ""),
                "group_name": o.get("group_name", ""),
                "choice": o.get("choice_code", ""),
                "choice_name": o.get("choice_name", ""),
            }
            for o in configuration.get("options", [])
        ],
        "dimensions": {
            c["axis"]: str(c["requested_cm"]) for c in configuration.get("custom_dimensions", [])
        },
        "unit_price": fmt("unit"),
        "discount": fmt("discount"),
        "total": fmt("total"),
    }
