"""Checkout: one cart becomes one quotation, sent and awaiting payment.

In one transaction: lock the cart, price it strictly (server prices, promotions,
shipping, tax by destination), create the order and its lines, send it, hold the stock
(inventory), redeem the promotion and close the cart. The payment is started after
commit, so a provider outage leaves an unpaid order (which expires), never a payment
without an order. The same Idempotency-Key replays the same order; a cart that was
already checked out is refused (409), so one cart never makes two orders.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from atelier.catalog import facade as catalog
from atelier.core.actor import Actor, system_actor
from atelier.core.errors import Conflict, DomainError, NotFound, ValidationFailed
from atelier.core.money import Money
from atelier.core.statemachine import apply_transition
from atelier.inventory import facade as inventory
from atelier.pricing import facade as pricing
from atelier.sales import deposits, paying, pickup, promotions, sms, totals
from atelier.sales.enums import CartStatus, ErrorCode, LineKind, OrderChannel, OrderStatus
from atelier.sales.models import Address, Cart, SalesOrder
from atelier.sales.services import _building as build
from atelier.sales.services import inputs
from atelier.sales.services._common import locked_cart
from atelier.sales.services.carts import pricing_request
from atelier.sales.services.notifications import order_url
from atelier.sales.services.settlement import order_payment_received
from atelier.sales.shipping_methods import Destination
from atelier.sales.transitions import TRANSITIONS

log = logging.getLogger(__name__)


class PaymentUnavailable(DomainError):
    code = "payment_unavailable"
    status = 503


@dataclass(frozen=True)
class CheckoutInput:
    email: str
    shipping_address: Address
    billing_address: Address
    shipping_method: str
    phone: str = ""
    sms_opt_in: bool = False
    language: str = ""
    pickup_boutique: str = ""  # boutique code, with the "collect" method


@dataclass(frozen=True)
class CheckoutResult:
    order: SalesOrder
    access_token: str
    payment: object | None  # payments.facade.PaymentStart
    replayed: bool


def cart_checkout(
    *,
    cart: Cart,
    email: str,
    shipping_address,
    shipping_method: str,
    actor: Actor,
    phone: str = "",
    billing_address=None,
    idempotency_key: str = "",
    return_url: str = "",
    sms_opt_in: bool = False,
    language: str = "",
    pickup_boutique: str = "",
) -> CheckoutResult:
    """Create the order for `cart` and start its payment (see the module docstring).
    With the `collect` shipping method, `pickup_boutique` (a boutique code) must hold
    every piece; the stock is held there and nothing is shipped."""
    key = inputs.clean_idempotency_key(idempotency_key)
    data = _clean(email, phone, shipping_address, billing_address, shipping_method)
    data = replace(data, **_sms_consent(data, sms_opt_in, language))
    data = replace(data, pickup_boutique=_clean_pickup(pickup_boutique, data.shipping_method))
    with transaction.atomic():
        replay = _replay(cart, key)
        order = replay or _place(cart, data, key, actor)
    if order.status == OrderStatus.SENT and not order.total_gross:
        order = _settle_free(order)  # fully discounted: nothing to pay
    return CheckoutResult(
        order=order,
        access_token=build.access_token(order),
        payment=_start_payment(order, return_url),
        replayed=replay is not None,
    )


def _clean(email, phone, shipping_address, billing_address, shipping_method) -> CheckoutInput:
    shipping = inputs.clean_address(shipping_address, "shipping_address")
    billing = inputs.clean_address(billing_address, "billing_address") if billing_address else None
    return CheckoutInput(
        email=inputs.clean_email(email),
        phone=inputs.clean_phone(phone, country=str(shipping.country)),
        shipping_address=shipping,
        billing_address=billing or shipping,
        shipping_method=(shipping_method or "").strip() if isinstance(shipping_method, str) else "",
    )


def _sms_consent(data: CheckoutInput, sms_opt_in, language) -> dict:
    """Text messages need a phone number to go to, and the customer's yes."""
    if sms_opt_in is True and not data.phone:
        raise ValidationFailed(
            "phone: enter a phone number to receive text messages.", field="phone"
        )
    return {"sms_opt_in": sms_opt_in is True, "language": sms.language_code(language)}


def _clean_pickup(code, method: str) -> str:
    code = code.strip() if isinstance(code, str) else ""
    if code and not pickup.is_pickup(method):
        raise ValidationFailed(
            "A pickup boutique goes with collection in a boutique, not with delivery.",
            code=pickup.ERROR_CODE,
            field="pickup_boutique",
        )
    return code[:20]


def _replay(cart: Cart, key: str) -> SalesOrder | None:
    """The order this cart already made: returned for the same key, else refused."""
    locked = Cart.objects.select_for_update().get(pk=cart.pk)
    if locked.is_open:
        return None
    order = SalesOrder.objects.filter(cart=locked).first()
    if order is not None and key and order.checkout_key == key:
        return order
    details = {"order_number": order.number} if order else {}
    raise Conflict("This cart has already been checked out.", code=ErrorCode.CART_CLOSED, **details)


def _place(cart: Cart, data: CheckoutInput, key: str, actor: Actor) -> SalesOrder:
    cart = locked_cart(cart)
    if not cart.lines.exists():
        raise ValidationFailed("The cart is empty.", code=ErrorCode.CART_EMPTY)
    priced = _price(cart, data, actor)
    collect_from = _pickup(data, priced)
    order = _create_order(cart, data, priced, key, actor, collect_from)
    _hold_stock(order)
    promotions.redeem(
        applied=priced.promotion,
        order_ref=order.number,
        customer_user_id=order.customer_id,
        email=order.email,
        actor=actor,
    )
    _hold_points(order, priced)
    cart.status, cart.closed_at = CartStatus.CHECKED_OUT, timezone.now()
    cart.save(update_fields=["status", "closed_at", "updated_at"])
    log.info("checkout: cart %s -> %s (%s)", cart.pk, order.number, order.total)
    return order


def _price(cart: Cart, data: CheckoutInput, actor: Actor) -> totals.PricedCart:
    address = data.shipping_address
    destination = Destination(
        country=str(address.country),
        state=address.state,
        postcode=address.postcode,
        city=address.city,
    )
    request = pricing_request(
        cart,
        destination=destination,
        shipping_method=data.shipping_method,
        email=data.email,
        strict=True,
    )
    if not data.shipping_method:
        raise ValidationFailed(
            "Choose a shipping method.", code=ErrorCode.SHIPPING_METHOD, field="shipping_method"
        )
    priced = totals.price(request)
    _check_visible(priced, actor)
    return priced


def _pickup(data: CheckoutInput, priced: totals.PricedCart):
    """The boutique the order is collected from (collect method), checked against the
    stock now; None for delivered orders."""
    if not pickup.is_pickup(data.shipping_method):
        return None
    lines = [(ln.variant.id, ln.input.quantity, ln.variant.made_to_order) for ln in priced.lines]
    return pickup.pickup_choose(data.pickup_boutique, region_code=priced.region_code, lines=lines)


def _check_visible(priced: totals.PricedCart, actor: Actor) -> None:
    """Access to a private collection may have ended since the piece went in the cart."""
    for product_id in {line.variant.product_id for line in priced.lines}:
        if not catalog.product_visible_to(actor, product_id, OrderChannel.ONLINE):
            raise NotFound("A piece in your cart is no longer available to you.")


def _create_order(
    cart, data: CheckoutInput, priced, key: str, actor: Actor, collect_from=None
) -> SalesOrder:
    if collect_from is None or data.billing_address is data.shipping_address:
        data.shipping_address.save()
    if data.billing_address is not data.shipping_address:
        data.billing_address.save()
    now = timezone.now()
    order = SalesOrder(
        number=build.new_order_number(),
        channel=OrderChannel.ONLINE,
        region_code=cart.region_code,
        currency=cart.currency,
        customer_id=cart.user_id or actor.user_id,
        email=data.email,
        phone=data.phone,
        sms_opt_in=data.sms_opt_in,
        language=data.language,
        # Collected orders are not shipped: the address given is the billing address.
        shipping_address=None if collect_from else data.shipping_address,
        billing_address=data.billing_address,
        pickup_boutique_id=collect_from.boutique_id if collect_from else None,
        cart=cart,
        checkout_key=key,
        access_salt=build.new_access_salt(),
    )
    build.set_totals(order, priced)
    order.save()
    for line in build.order_lines(order, priced):
        line.save()
    due = now + timedelta(minutes=settings.ORDER_PAYMENT_TIMEOUT_MINUTES)
    apply_transition(
        order,
        OrderStatus.SENT,
        table=TRANSITIONS,
        actor=actor,
        changes={"sent_at": now, "payment_due_at": due},
    )
    return order


def _hold_stock(order: SalesOrder) -> None:
    """Reserve the pieces sold from stock until the payment is due (made-to-order
    pieces are built for the order). OutOfStock (409) rolls the whole checkout back."""
    lines = [
        (line.ref, line.variant_id, line.quantity)
        for line in order.lines.all()
        if line.kind == LineKind.STOCK
    ]
    if lines:
        inventory.reserve(
            order_ref=order.number,
            lines=lines,
            channel=OrderChannel.ONLINE,
            pickup_boutique_id=order.pickup_boutique_id,
            expires_at=order.payment_due_at,
            actor=system_actor("checkout"),
        )


def _hold_points(order: SalesOrder, priced: totals.PricedCart) -> None:
    """The redeemed points leave the balance now (pricing locks the account, so two
    checkouts cannot spend them twice); a refusal rolls the whole checkout back."""
    if priced.loyalty is None:
        return
    try:
        pricing.loyalty_reserve(
            user_id=order.customer_id,
            points=priced.loyalty.points,
            order_ref=order.number,
            order_total=priced.loyalty.base,
        )
    except ValidationFailed as exc:
        raise ValidationFailed(exc.message, code=exc.code, field="loyalty_points") from None


def _settle_free(order: SalesOrder) -> SalesOrder:
    return order_payment_received(
        order_ref=order.number,
        payment_id="no-payment-due",
        amount=Money.zero(order.currency),
        actor=system_actor("checkout"),
    )


def _start_payment(order: SalesOrder, return_url: str, amount: Money | None = None):
    """Ask the payment provider for the customer's next step (idempotent per order).
    `amount`: what checkout asked (when resuming); else what is due now (made to order:
    the deposit)."""
    if order.status != OrderStatus.SENT or order.balance_due.amount == 0:
        return None
    try:
        return paying.start(
            order=order,
            amount=amount if amount is not None else deposits.amount_due_now(order).rounded(),
            return_url=return_url or order_url(order),
            idempotency_key=f"checkout:{order.number}",
            actor=system_actor("checkout"),
        )
    except DomainError:
        raise
    except Exception:
        log.exception("payment could not be started for %s", order.number)
        raise PaymentUnavailable(
            "The payment service is unavailable; try again in a moment.",
            order_number=order.number,
        ) from None
