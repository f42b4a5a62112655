"""Small checks shared by the sales services."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType

from atelier.core.actor import Actor
from atelier.core.errors import Conflict, PermissionDenied, ValidationFailed
from atelier.core.models import StatusChange
from atelier.sales.enums import ErrorCode
from atelier.sales.models import Cart, SalesOrder

MAX_LINE_QUANTITY = 99  # pieces of one line; more is a project for a sales representative


def check_quantity(quantity) -> int:
    if not isinstance(quantity, int) or isinstance(quantity, bool):
        raise ValidationFailed(
            "quantity: give a whole number.", code=ErrorCode.QUANTITY, field="quantity"
        )
    if quantity < 1:
        raise ValidationFailed("quantity: at least 1.", code=ErrorCode.QUANTITY, field="quantity")
    if quantity > MAX_LINE_QUANTITY:
        raise ValidationFailed(
            f"quantity: at most {MAX_LINE_QUANTITY} per line; contact us for larger orders.",
            code=ErrorCode.QUANTITY,
            field="quantity",
        )
    return quantity


def require(actor: Actor, perm: str, message: str = "You are not allowed to do this.") -> None:
    if not actor.has_perm(perm):
        raise PermissionDenied(message)


def locked_cart(cart: Cart) -> Cart:
    """The cart row, locked for this transaction; refused when no longer open."""
    locked = Cart.objects.select_for_update().get(pk=cart.pk)
    if not locked.is_open:
        raise Conflict("This cart has already been checked out.", code=ErrorCode.CART_CLOSED)
    return locked


def locked_order(order: SalesOrder) -> SalesOrder:
    return SalesOrder.objects.select_for_update().get(pk=order.pk)


def record_change(order: SalesOrder, actor: Actor, note: str) -> None:
    """A line in the order's history (core.statemachine.history) for a change that is
    not a status change: from and to are the current status, the note says what."""
    StatusChange.objects.create(
        content_type=ContentType.objects.get_for_model(SalesOrder),
        object_id=str(order.pk),
        from_status=order.status,
        to_status=order.status,
        actor_id=actor.user_id,
        actor_label=actor.label,
        reason=note,
    )
