"""A purchase order's life after it is raised: details while draft, release through the
checklist, the workshop's answers, reassignment and cancellation."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from atelier.core.actor import Actor
from atelier.core.errors import ValidationFailed
from atelier.core.statemachine import TransitionNotAllowed, allowed_transitions
from atelier.inventory import facade as inventory
from atelier.purchasing.access import get_purchase_order_for
from atelier.purchasing.checklist import failing
from atelier.purchasing.enums import POStatus as S
from atelier.purchasing.models import PurchaseOrder
from atelier.purchasing.services import _common as check
from atelier.purchasing.transitions import TRANSITIONS

EDITABLE = (S.DRAFT, S.DECLINED)


def purchase_order_update(
    *,
    number: str,
    actor: Actor,
    required_date: date | None = None,
    notes: str | None = None,
    ship_from_workshop: bool | None = None,
    delivery_address: str | None = None,
) -> PurchaseOrder:
    """Change a draft's required date, notes for production, or whether the workshop
    ships to the customer (only then does it see `delivery_address`)."""
    po = get_purchase_order_for(actor, number, action="edit")
    changes = {}
    if required_date is not None:
        changes["required_date"] = check.optional_date(required_date, not_past=True)
    if notes is not None:
        changes["notes"] = check.text(notes, "notes", max_length=check.MAX_TEXT)
    if ship_from_workshop is not None:
        changes["ship_from_workshop"] = bool(ship_from_workshop)
    if delivery_address is not None:
        changes["delivery_address"] = check.text(
            delivery_address, "delivery_address", max_length=500
        )
    if changes.get("ship_from_workshop") and not changes.get(
        "delivery_address", po.delivery_address
    ):
        raise ValidationFailed("Give the delivery address the workshop ships to.")
    if not changes:
        return po
    with transaction.atomic():
        locked = PurchaseOrder.objects.select_for_update().get(pk=po.pk)
        if locked.status not in EDITABLE:
            raise _conflict(locked, actor, "Only draft or declined purchase orders can be edited.")
        for name, value in changes.items():
            setattr(locked, name, value)
        locked.save(update_fields=[*changes, "updated_at"])
    return locked


def purchase_order_release(*, number: str, actor: Actor) -> PurchaseOrder:
    """Validate against the checklist and send to the workshop (awaiting manufacturer).
    Refused, listing each failing item, when the checklist does not pass."""
    po = get_purchase_order_for(actor, number, action="release")
    if po.status == S.DRAFT:
        bad = failing(po)
        if bad:
            raise ValidationFailed(
                "The purchase order cannot be released: "
                + "; ".join(f"{item.label} — {item.detail}" for item in bad),
                code="checklist_failed",
                items=[item.code for item in bad],
            )
    return check.move(
        po,
        S.AWAITING_MANUFACTURER,
        actor=actor,
        changes={"released_by_id": actor.user_id, "released_by_label": actor.label},
    )


def purchase_order_accept(*, number: str, actor: Actor) -> PurchaseOrder:
    po = get_purchase_order_for(actor, number, action="respond")
    return check.move(po, S.ACCEPTED, actor=actor)


def purchase_order_decline(*, number: str, reason: str, actor: Actor) -> PurchaseOrder:
    po = get_purchase_order_for(actor, number, action="respond")
    reason = check.text(reason, "reason", max_length=1000)
    return check.move(
        po, S.DECLINED, actor=actor, reason=reason, changes={"declined_reason": reason}
    )


def purchase_order_start(*, number: str, actor: Actor) -> PurchaseOrder:
    po = get_purchase_order_for(actor, number, action="respond")
    return check.move(po, S.IN_PRODUCTION, actor=actor)


def purchase_order_complete(*, number: str, actor: Actor) -> PurchaseOrder:
    po = get_purchase_order_for(actor, number, action="respond")
    return check.move(po, S.COMPLETED, actor=actor)


def purchase_order_cancel(*, number: str, reason: str, actor: Actor) -> PurchaseOrder:
    """Cancel before production: its needs may be bought again, expected supply closed."""
    po = get_purchase_order_for(actor, number, action="edit")
    reason = check.text(reason, "reason", max_length=1000)
    with transaction.atomic():
        po = check.move(po, S.CANCELLED, actor=actor, reason=reason)
        lines = list(po.lines.all())
        po.lines.update(is_live=False)
        for line in lines:
            if line.supply_reference:
                inventory.incoming_supply_close(reference=line.supply_reference, actor=actor)
    return po


def purchase_order_reassign(
    *, number: str, manufacturer_id: int, reason: str, actor: Actor
) -> PurchaseOrder:
    """Give a draft or declined PO to another workshop (declined -> draft); recorded in
    the status history and in the PO's thread."""
    po = get_purchase_order_for(actor, number, action="reassign")
    reason = check.text(reason, "reason", max_length=1000, required=True)
    maker = check.manufacturer(manufacturer_id)
    if maker.pk == po.manufacturer_id:
        raise ValidationFailed(
            f"The purchase order is already with {maker.name}.", code="same_manufacturer"
        )
    previous = po.manufacturer.name
    changes = {"manufacturer_id": maker.pk, "declined_reason": ""}
    with transaction.atomic():
        if po.status == S.DECLINED:
            po = check.move(po, S.DRAFT, actor=actor, reason=reason, changes=changes)
        else:
            po = _reassign_draft(po, changes, actor)
        po.manufacturer = maker
        check.note(po, f"Reassigned from {previous} to {maker.name}: {reason}", actor=actor)
        _move_supply(po, actor)
    return po


def _reassign_draft(po: PurchaseOrder, changes: dict, actor: Actor) -> PurchaseOrder:
    locked = PurchaseOrder.objects.select_for_update().get(pk=po.pk)
    if locked.status != S.DRAFT:
        raise _conflict(locked, actor, "Only draft or declined purchase orders can be reassigned.")
    for name, value in changes.items():
        setattr(locked, name, value)
    locked.save(update_fields=[*changes, "updated_at"])
    return locked


def _move_supply(po: PurchaseOrder, actor: Actor) -> None:
    when = check.expected_date(po)
    for line in po.lines.filter(is_live=True).exclude(supply_reference=""):
        inventory.incoming_supply_update(
            reference=line.supply_reference, expected_date=when, actor=actor
        )


def _conflict(po: PurchaseOrder, actor: Actor, message: str) -> TransitionNotAllowed:
    return TransitionNotAllowed(
        message,
        allowed=allowed_transitions(po, table=TRANSITIONS, actor=actor),
        current=po.status,
    )
