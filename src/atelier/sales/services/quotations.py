"""Quotations made by hand in a boutique: create, add lines, choose delivery, send, and
send a payment link by e-mail or SMS. Prices always come from pricing (re-computed on
every change while the quotation is a draft)."""

from __future__ import annotations

import hashlib

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from atelier.accounts.actors import actor_for
from atelier.accounts.roles import Cap
from atelier.catalog import facade as catalog
from atelier.core.actor import ANONYMOUS, Actor
from atelier.core.errors import Conflict, NotFound, ValidationFailed
from atelier.core.statemachine import apply_transition
from atelier.sales import access, paying, promotions, totals
from atelier.sales.enums import ErrorCode, Finalisation, LineKind, OrderChannel, OrderStatus
from atelier.sales.models import OrderLine, SalesOrder
from atelier.sales.services import _building as build
from atelier.sales.services import inputs
from atelier.sales.services._common import (
    check_quantity,
    locked_order,
    record_change,
    require,
)
from atelier.sales.services.carts import configuration_for, region_for, sellable_variant
from atelier.sales.services.notifications import payment_link_enqueue
from atelier.sales.services.orders import verified_account_for
from atelier.sales.shipping_methods import Destination
from atelier.sales.transitions import TRANSITIONS

MANAGE = Cap.MANAGE_ORDERS.perm


def quotation_create(
    *,
    actor: Actor,
    email: str,
    boutique_id: int | None = None,
    customer=None,
    phone: str = "",
    region_code: str | None = None,
    shipping_address=None,
    billing_address=None,
    note: str = "",
) -> SalesOrder:
    """A draft quotation for a boutique customer (an account, or just an e-mail: an
    address some account has verified joins that account, as guest orders do)."""
    require(actor, MANAGE, "You are not allowed to make quotations.")
    boutique = _boutique(actor, boutique_id)
    region = region_for(region_code or (boutique.region.code if boutique else None))
    shipping = (
        inputs.clean_address(shipping_address, "shipping_address") if shipping_address else None
    )
    billing = inputs.clean_address(billing_address, "billing_address") if billing_address else None
    email = inputs.clean_email(email or (customer.email if customer else ""))
    country = str(shipping.country) if shipping else (str(boutique.country) if boutique else "")
    phone = inputs.clean_phone(phone, country=country)
    customer = customer or verified_account_for(email)
    with transaction.atomic():
        for address in (shipping, billing):
            if address is not None:
                address.save()
        order = SalesOrder.objects.create(
            number=build.new_order_number(),
            channel=OrderChannel.BOUTIQUES,
            region_code=region.code,
            currency=region.currency,
            tax_display=region.tax_display,
            customer=customer,
            email=email,
            phone=phone,
            boutique=boutique,
            sales_rep_id=actor.user_id,
            shipping_address=shipping,
            billing_address=billing or shipping,
            access_salt=build.new_access_salt(),
            note=(note or "").strip(),
        )
        record_change(order, actor, "Quotation created")
    return order


def _boutique(actor: Actor, boutique_id):
    allowed = access.boutiques_for_quotations(actor).select_related("region")
    if boutique_id is None:
        if len(actor.boutique_ids) == 1:
            return allowed.filter(pk__in=actor.boutique_ids).first()
        return None
    boutique = allowed.filter(pk=boutique_id).first() if isinstance(boutique_id, int) else None
    if boutique is None:
        raise NotFound("No such boutique.", field="boutique")
    return boutique


def quotation_add_line(
    *,
    order: SalesOrder,
    sku: str,
    quantity: int,
    actor: Actor,
    options=None,
    dimensions=None,
) -> OrderLine:
    """Add a piece (or a configuration of it) to a draft quotation, priced by pricing.
    The piece must be sold in boutiques and visible to the customer (private
    collections)."""
    require(actor, MANAGE)
    check_quantity(quantity)
    variant = sellable_variant(sku, _buyer(order), order.channel)
    chosen, sizes = configuration_for(variant.product_id, options, dimensions)
    with transaction.atomic():
        order = _draft(order)
        position = (order.lines.aggregate(m=Max("position"))["m"] or 0) + 1
        line = OrderLine.objects.create(
            order=order,
            position=position,
            ref=f"L{position}",
            kind=LineKind.MADE_TO_ORDER if variant.made_to_order else LineKind.STOCK,
            variant_id=variant.id,
            quantity=quantity,
            **build.what_was_sold(variant, catalog.product_snapshot(variant.product_id)),
            configuration=_raw_configuration(chosen, sizes),
            finalisation=(
                Finalisation.PROVISIONAL if variant.made_to_order else Finalisation.FINAL
            ),
        )
        reprice(order)
        record_change(order, actor, f"Line {line.ref} added: {quantity} x {variant.sku}")
    line.refresh_from_db()
    return line


def _buyer(order: SalesOrder) -> Actor:
    """Whose eyes decide whether a private piece may be offered: the customer's."""
    return actor_for(order.customer) if order.customer_id else ANONYMOUS


def _raw_configuration(options: dict, sizes: dict) -> dict:
    """Enough for `line_input` until `reprice` stores the full configuration."""
    return {
        "options": [{"group_code": g, "choice_code": c} for g, c in options.items()],
        "custom_dimensions": [{"axis": a, "requested_cm": v} for a, v in sizes.items()],
    }


def quotation_update_line(
    *, order: SalesOrder, line_ref: str, quantity: int, actor: Actor
) -> OrderLine:
    require(actor, MANAGE)
    check_quantity(quantity)
    with transaction.atomic():
        order = _draft(order)
        line = _line(order, line_ref)
        line.quantity = quantity
        line.save(update_fields=["quantity"])
        reprice(order)
        record_change(order, actor, f"Line {line.ref}: quantity {quantity}")
    line.refresh_from_db()
    return line


def quotation_remove_line(*, order: SalesOrder, line_ref: str, actor: Actor) -> SalesOrder:
    require(actor, MANAGE)
    with transaction.atomic():
        order = _draft(order)
        line = _line(order, line_ref)
        line.delete()
        reprice(order)
        record_change(order, actor, f"Line {line_ref} removed")
    return order


def quotation_set_delivery(
    *, order: SalesOrder, shipping_method: str, actor: Actor, shipping_address=None
) -> SalesOrder:
    """Choose how (and, optionally, where) a draft quotation is delivered; re-priced
    (tax follows the destination)."""
    require(actor, MANAGE)
    address = (
        inputs.clean_address(shipping_address, "shipping_address") if shipping_address else None
    )
    with transaction.atomic():
        order = _draft(order)
        if address is not None:
            address.save()
            order.shipping_address = address
            if order.billing_address_id is None:
                order.billing_address = address
        if order.shipping_address_id is None:
            raise ValidationFailed(
                "Give the delivery address first.", code=ErrorCode.ADDRESS, field="shipping_address"
            )
        order.shipping_method = (shipping_method or "").strip()
        order.save(update_fields=["shipping_address", "billing_address", "shipping_method"])
        reprice(order)
        record_change(order, actor, f"Delivery: {order.shipping_method_name}")
    return order


def quotation_send(*, order: SalesOrder, actor: Actor) -> SalesOrder:
    """Fix the prices and send the quotation: it now waits for payment (a payment link)
    or a representative's confirmation. Automatic promotions are counted now."""
    require(actor, MANAGE)
    with transaction.atomic():
        order = _draft(order)
        priced = reprice(order)
        order = apply_transition(
            order,
            OrderStatus.SENT,
            table=TRANSITIONS,
            actor=actor,
            changes={"sent_at": timezone.now()},
        )
        promotions.redeem(
            applied=priced.promotion,
            order_ref=order.number,
            customer_user_id=order.customer_id,
            email=order.email,
            actor=actor,
        )
    return order


def quotation_revise(*, order: SalesOrder, reason: str, actor: Actor) -> SalesOrder:
    """Back to draft to change it (the payment link already sent stays for the old
    amount until it expires: send a new one)."""
    with transaction.atomic():
        order = apply_transition(
            order, OrderStatus.DRAFT, table=TRANSITIONS, actor=actor, reason=reason
        )
        promotions.release(order_ref=order.number, actor=actor)
    return order


def payment_link_send(*, order: SalesOrder, actor: Actor, via: str = "email") -> str:
    """Create a payment link for what is due and send it by e-mail or SMS (outbox).
    The provider is asked outside any transaction; returns the link."""
    require(actor, Cap.SEND_PAYMENT_LINKS.perm, "You are not allowed to send payment links.")
    if via not in ("email", "sms"):
        raise ValidationFailed("via: email or sms.", field="via")
    with transaction.atomic():
        order = locked_order(order)
        _check_payable(order, via)
    amount = order.balance_due.rounded()
    url = paying.link_create(order=order, amount=amount, actor=actor)
    digest = hashlib.sha256(url.encode()).hexdigest()
    with transaction.atomic():
        order = locked_order(order)
        key = f"sales:payment-link:{order.number}:{via}:{digest}"
        payment_link_enqueue(order=order, url=url, amount=amount, via=via, key=key)
        record_change(order, actor, f"Payment link for {amount} sent by {via}")
    return url


def _check_payable(order: SalesOrder, via: str) -> None:
    if order.status not in (OrderStatus.SENT, OrderStatus.CONFIRMED):
        raise Conflict(
            "Send the quotation first; a payment link is for a sent quotation or a "
            "confirmed, unpaid order.",
            code=ErrorCode.ORDER_LOCKED,
        )
    if not order.balance_due:
        raise Conflict("Nothing is due on this order.", code=ErrorCode.ORDER_LOCKED)
    if via == "sms" and not order.phone:
        raise ValidationFailed("The customer has no phone number.", field="phone")


# --- pricing a draft ------------------------------------------------------------------


def reprice(order: SalesOrder) -> totals.PricedCart:
    """Price every line again (server prices, automatic promotions, delivery, tax by
    destination) and store the amounts on the lines and the order."""
    lines = list(order.lines.order_by("position"))
    if not lines:
        raise ValidationFailed("Add at least one line first.", code=ErrorCode.CART_EMPTY)
    priced = totals.price(_request(order, lines))
    by_ref = {line.ref: line for line in lines}
    for priced_line in priced.lines:
        line = by_ref[priced_line.key]
        for name, value in build.priced_fields(priced_line).items():
            setattr(line, name, value)
        line.save()
    order.save(update_fields=[*build.set_totals(order, priced), "updated_at"])
    return priced


def _request(order: SalesOrder, lines) -> totals.PricingRequest:
    address = order.shipping_address
    destination = (
        Destination(str(address.country), address.state, address.postcode, address.city)
        if address
        else None
    )
    return totals.PricingRequest(
        region_code=order.region_code,
        currency=order.currency,
        lines=tuple(build.line_input(line) for line in lines),
        destination=destination,
        shipping_method=order.shipping_method if destination else "",
        customer_user_id=order.customer_id,
        email=order.email,
        channel=order.channel,
        strict=True,
    )


def _draft(order: SalesOrder) -> SalesOrder:
    order = locked_order(order)
    if order.status != OrderStatus.DRAFT:
        raise Conflict(
            "Only a draft quotation can change; revise it first.", code=ErrorCode.ORDER_LOCKED
        )
    return order


def _line(order: SalesOrder, line_ref: str) -> OrderLine:
    line = order.lines.filter(ref=line_ref).first() if isinstance(line_ref, str) else None
    if line is None:
        raise NotFound("No such line.")
    return line
