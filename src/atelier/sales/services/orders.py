"""Changing an order after it exists: cancel, confirm by hand, delivery, contact and
addresses (only in the states that allow it, each change in the order's history),
guest orders joining a verified account, and unpaid online orders expiring."""

from __future__ import annotations

import logging
from contextlib import suppress
from datetime import datetime

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from atelier.accounts.roles import Cap
from atelier.core.actor import Actor
from atelier.core.errors import Conflict, DomainError, NotFound
from atelier.core.statemachine import apply_transition
from atelier.inventory import facade as inventory
from atelier.sales import paying, promotions
from atelier.sales.enums import (
    BILLING_EDITABLE_STATUSES,
    CONTACT_EDITABLE_STATUSES,
    ErrorCode,
    OrderChannel,
    OrderStatus,
)
from atelier.sales.models import SalesOrder
from atelier.sales.services import inputs
from atelier.sales.services._common import locked_order, record_change, require
from atelier.sales.services.made_to_order import final_invoice_if_due
from atelier.sales.transitions import TRANSITIONS

log = logging.getLogger(__name__)


def order_cancel(*, order: SalesOrder, reason: str, actor: Actor) -> SalesOrder:
    """Cancel a quotation or an unpaid order (a reason is required once it was sent); its
    stock, promotion uses and reserved loyalty points are given back, and its open
    payments (checkout, payment links) are cancelled so they can no longer be paid."""
    with transaction.atomic():
        order = apply_transition(
            order,
            OrderStatus.CANCELLED,
            table=TRANSITIONS,
            actor=actor,
            reason=reason,
            changes={"cancelled_at": timezone.now(), "payment_due_at": None},
        )
        _release_stock(order, reason or "Order cancelled", actor)
        promotions.release(order_ref=order.number, actor=actor)
        paying.cancel_open_payments(
            order_ref=order.number, reason=reason or "Order cancelled", actor=actor
        )
    return order


def _release_stock(order: SalesOrder, reason: str, actor: Actor) -> None:
    with suppress(NotFound):  # nothing was ever held (made to order, or a quotation)
        inventory.release(order.number, reason, actor=actor)


def order_confirm(*, order: SalesOrder, actor: Actor) -> SalesOrder:
    """A representative confirms a sent quotation before payment (e.g. bank transfer)."""
    return apply_transition(
        order,
        OrderStatus.CONFIRMED,
        table=TRANSITIONS,
        actor=actor,
        changes={"confirmed_at": timezone.now(), "payment_due_at": None},
    )


def order_mark_delivered(*, order: SalesOrder, shipment: str, actor: Actor) -> SalesOrder:
    """Every unit reached the customer: called only from shipping's ShipmentDelivered
    (`shipment` is its number; the transition refuses without one)."""
    with transaction.atomic():
        order = apply_transition(
            order,
            OrderStatus.DELIVERED,
            table=TRANSITIONS,
            actor=actor,
            context={"shipment": shipment},
        )
        # Made to order with SALES_FINAL_INVOICE_AT=delivery: the final invoice now.
        final_invoice_if_due(order=order, at="delivery", actor=actor)
    return order


def order_complete(*, order: SalesOrder, actor: Actor) -> SalesOrder:
    return apply_transition(order, OrderStatus.DONE, table=TRANSITIONS, actor=actor)


def order_update_contact(
    *, order: SalesOrder, actor: Actor, email: str | None = None, phone: str | None = None
) -> SalesOrder:
    """Change the e-mail and/or phone until the goods leave; recorded in the history."""
    require(actor, Cap.MANAGE_ORDERS.perm)
    new_email = inputs.clean_email(email) if email is not None else None
    country = str(order.shipping_address.country) if order.shipping_address_id else ""
    new_phone = inputs.clean_phone(phone, country=country) if phone is not None else None
    with transaction.atomic():
        order = _editable(order, CONTACT_EDITABLE_STATUSES)
        changes = _apply(order, email=new_email, phone=new_phone)
        if changes:
            order.save(update_fields=[*changes, "updated_at"])
            record_change(order, actor, "Contact changed: " + "; ".join(changes.values()))
    return order


def _apply(order: SalesOrder, **values) -> dict[str, str]:
    changes = {}
    for name, value in values.items():
        old = str(getattr(order, name) or "")
        if value is not None and value != old:
            setattr(order, name, value)
            changes[name] = f"{name} {old or '—'} → {value or '—'}"
    return changes


def order_update_addresses(
    *, order: SalesOrder, actor: Actor, shipping_address=None, billing_address=None
) -> SalesOrder:
    """New delivery and/or billing address. Delivery: until the goods leave, and once the
    quotation was sent only within the same tax destination (country, state), since
    the price is fixed. Billing: until the invoice is issued."""
    require(actor, Cap.MANAGE_ORDERS.perm)
    shipping = (
        inputs.clean_address(shipping_address, "shipping_address") if shipping_address else None
    )
    billing = inputs.clean_address(billing_address, "billing_address") if billing_address else None
    with transaction.atomic():
        order = _editable(order, CONTACT_EDITABLE_STATUSES)
        if billing is not None and order.status not in BILLING_EDITABLE_STATUSES:
            raise Conflict(
                "The invoice is issued: the billing address can no longer change.",
                code=ErrorCode.ORDER_LOCKED,
            )
        notes = []
        if shipping is not None:
            _check_same_destination(order, shipping)
            shipping.save()
            order.shipping_address = shipping
            notes.append(f"delivery address → {', '.join(shipping.lines())}")
        if billing is not None:
            billing.save()
            order.billing_address = billing
            notes.append(f"billing address → {', '.join(billing.lines())}")
        if notes:
            order.save(update_fields=["shipping_address", "billing_address", "updated_at"])
            record_change(order, actor, "Addresses changed: " + "; ".join(notes))
    return order


def _check_same_destination(order: SalesOrder, new) -> None:
    old = order.shipping_address
    if order.status == OrderStatus.DRAFT or old is None:
        return
    if (str(old.country), old.state) != (str(new.country), new.state):
        raise Conflict(
            "The price was fixed for delivery to "
            f"{'-'.join(filter(None, (str(old.country), old.state)))}: "
            "revise the quotation to deliver elsewhere.",
            code=ErrorCode.ORDER_LOCKED,
        )


def _editable(order: SalesOrder, statuses) -> SalesOrder:
    order = locked_order(order)
    if order.status not in statuses:
        raise Conflict(
            f"An order that is {order.get_status_display().lower()} can no longer change.",
            code=ErrorCode.ORDER_LOCKED,
        )
    return order


def verified_account_for(email: str):
    """The account that has verified `email` (allauth), or None: an unverified address
    names nobody, and neither does one verified by two accounts."""
    email = (email or "").strip()
    if not email:
        return None
    rows = EmailAddress.objects.filter(email__iexact=email, verified=True).select_related("user")
    owners = {row.user_id: row.user for row in rows[:2]}
    return next(iter(owners.values())) if len(owners) == 1 else None


def orders_claim_for_verified_email(*, user, email: str) -> int:
    """Attach earlier guest orders placed with `email` to `user` — only when `user` has
    verified that address (allauth). Returns how many orders joined the account."""
    email = (email or "").strip()
    if not email or user is None or user.pk is None:
        return 0
    verified = EmailAddress.objects.filter(user=user, email__iexact=email, verified=True)
    if not verified.exists():
        return 0
    with transaction.atomic():
        claimed = SalesOrder.objects.filter(customer__isnull=True, email__iexact=email).update(
            customer=user, updated_at=timezone.now()
        )
    if claimed:
        log.info("%s guest order(s) joined account %s", claimed, user.pk)
    return claimed


def orders_cancel_unpaid(*, actor: Actor, now: datetime | None = None) -> int:
    """Cancel online orders still awaiting payment after ORDER_PAYMENT_TIMEOUT_MINUTES
    (their stock, promotions and points are given back). Each in its own transaction."""
    now = now or timezone.now()
    due = SalesOrder.objects.filter(
        status=OrderStatus.SENT, channel=OrderChannel.ONLINE, payment_due_at__lt=now
    )
    cancelled = 0
    for order in due.order_by("payment_due_at")[:500]:
        try:
            cancelled += _cancel_if_still_unpaid(order, now, actor)
        except DomainError as exc:
            log.info("unpaid order %s not cancelled: %s", order.number, exc.message)
    return cancelled


def _cancel_if_still_unpaid(order: SalesOrder, now: datetime, actor: Actor) -> int:
    with transaction.atomic():
        order = locked_order(order)  # paid or confirmed by hand meanwhile: leave it
        if (
            order.status != OrderStatus.SENT
            or not order.payment_due_at
            or order.payment_due_at >= now
        ):
            return 0
        order_cancel(order=order, reason="Payment not received in time.", actor=actor)
    return 1
