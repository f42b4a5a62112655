"""Production's writes: the workshop's answers to a purchase order, with production's own
rows (item codes, completed pieces, photos) in the same transaction.

Every function is keyword-only, takes the actor, runs in one transaction and publishes
its events after commit. The purchase order's status moves only through
`purchasing.facade` (its state machine); a piece's status only through
`ITEM_TRANSITIONS`. A refusal (NotFound 404, PermissionDenied 403, ValidationFailed 422,
Conflict/TransitionNotAllowed 409 with the allowed moves) writes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from atelier.accounts.roles import Cap
from atelier.core.actor import Actor
from atelier.core.errors import NotFound, PermissionDenied, ValidationFailed
from atelier.core.events import publish
from atelier.core.statemachine import apply_transition
from atelier.production import access, codes, notifications
from atelier.production import photos as photo_files
from atelier.production.enums import ItemEventKind, ItemStatus
from atelier.production.events import PieceReadyForInspection
from atelier.production.models import ItemEvent, ProductionItem
from atelier.production.transitions import ITEM_TRANSITIONS
from atelier.purchasing import facade as purchasing
from atelier.purchasing.facade import PurchaseOrderInfo

REASON_MAX = 1000


# --- Purchase orders ------------------------------------------------------------------


def po_accept(*, number: str, actor: Actor) -> PurchaseOrderInfo:
    _po_for_workshop(actor, number)
    return purchasing.purchase_order_accept(number=number, actor=actor)


def po_decline(*, number: str, reason: str, actor: Actor) -> PurchaseOrderInfo:
    """The workshop cannot build it. Production managers are told by e-mail
    (`handlers.on_purchase_order_declined`, after commit)."""
    reason = _reason(reason)
    _po_for_workshop(actor, number)
    return purchasing.purchase_order_decline(number=number, reason=reason, actor=actor)


def po_start(*, number: str, actor: Actor) -> PurchaseOrderInfo:
    """Production starts: one item code per unit of every line, in the same transaction."""
    _po_for_workshop(actor, number)
    with transaction.atomic():
        info = purchasing.purchase_order_start(number=number, actor=actor)
        items_ensure(info=info, actor=actor)
    return info


def po_complete(*, number: str, actor: Actor, photos: Sequence = ()) -> PurchaseOrderInfo:
    """The workshop finished: every piece still in production is completed (round 1) and
    announced to quality (`PieceReadyForInspection`). Photos are optional images, checked
    by content and kept in private storage."""
    checked = photo_files.check_all(photos)
    _po_for_workshop(actor, number)
    with transaction.atomic():
        info = purchasing.purchase_order_complete(number=number, actor=actor)
        items_complete(info=info, actor=actor)
        photo_files.store_all(checked, purchase_order_number=info.number, actor=actor)
    return info


def po_reassign(
    *, number: str, manufacturer_id: int, reason: str, actor: Actor
) -> PurchaseOrderInfo:
    """A declined purchase order goes back to draft for another workshop (production managers)."""
    if not access.may_manage_production(actor):
        raise PermissionDenied("Only production managers reassign purchase orders.")
    reason = _reason(reason)
    if not isinstance(manufacturer_id, int) or manufacturer_id <= 0:
        raise ValidationFailed(
            "Choose the manufacturer to reassign to.", code="manufacturer_required"
        )
    return purchasing.purchase_order_reassign(
        number=number, manufacturer_id=manufacturer_id, reason=reason, actor=actor
    )


# --- Items ----------------------------------------------------------------------------


def items_ensure(*, info: PurchaseOrderInfo, actor: Actor) -> list[ProductionItem]:
    """One item per unit of each line of `info` (created once; a second call adds only
    what is missing). Codes come from `codes.new_code()`; clashes are drawn again."""
    existing = set(_items_of(info.number).values_list("po_line_id", "unit_index"))
    wanted = [
        (line, unit)
        for line in info.lines
        for unit in range(1, line.quantity + 1)
        if (line.id, unit) not in existing
    ]
    if not wanted:
        return []
    new_codes = _fresh_codes(len(wanted))
    items = ProductionItem.objects.bulk_create(
        [
            _item(info, line, unit, code)
            for (line, unit), code in zip(wanted, new_codes, strict=True)
        ]
    )
    items = list(_items_of(info.number).filter(code__in=new_codes))
    ItemEvent.objects.bulk_create(
        [ItemEvent(item=i, kind=ItemEventKind.STARTED, **_who(actor)) for i in items]
    )
    return items


def items_complete(*, info: PurchaseOrderInfo, actor: Actor) -> list[ProductionItem]:
    """Every piece of `info` still in production is completed (round 1) and announced to
    quality. Idempotent: pieces already completed are left alone."""
    with transaction.atomic():
        items_ensure(info=info, actor=actor)
        now = timezone.now()
        pending = _items_of(info.number).filter(status=ItemStatus.IN_PRODUCTION)
        return [
            _complete(item, actor=actor, round_=1, kind=ItemEventKind.COMPLETED, at=now)
            for item in pending
        ]


def item_rework_complete(*, code: str, actor: Actor) -> ProductionItem:
    """The workshop finished the rework: the piece goes back to quality (round + 1)."""
    item = access.get_item_for(actor, code)
    if not access.may_act_for_workshop(actor, item.manufacturer_id):
        raise PermissionDenied("Only the workshop or production managers complete rework.")
    with transaction.atomic():
        return _complete(
            item, actor=actor, round_=item.round + 1, kind=ItemEventKind.REWORKED, at=timezone.now()
        )


def item_inspection_passed(
    *, code: str, round_: int, actor: Actor, note: str = ""
) -> ProductionItem | None:
    """Quality passed the piece (from `quality.InspectionPassed`). A stale round is ignored."""
    with transaction.atomic():
        item = _item_for_round(code, round_)
        if item is None:
            return None
        apply_transition(item, ItemStatus.PASSED, table=ITEM_TRANSITIONS, actor=actor)
        ItemEvent.objects.create(
            item=item, kind=ItemEventKind.PASSED, round=item.round, note=note, **_who(actor)
        )
    return item


def item_inspection_failed(
    *, code: str, round_: int, defects: str, actor: Actor
) -> ProductionItem | None:
    """Quality failed the piece: back to its workshop as rework; the workshop is told."""
    defects = (defects or "").strip() or "Failed inspection."
    with transaction.atomic():
        item = _item_for_round(code, round_)
        if item is None:
            return None
        apply_transition(
            item,
            ItemStatus.REWORK,
            table=ITEM_TRANSITIONS,
            actor=actor,
            reason=defects[:REASON_MAX],
        )
        ItemEvent.objects.create(
            item=item, kind=ItemEventKind.FAILED, round=item.round, note=defects, **_who(actor)
        )
        notifications.rework_requested(item=item, defects=defects)
    return item


# --- Helpers --------------------------------------------------------------------------


def _po_for_workshop(actor: Actor, number: str) -> PurchaseOrderInfo:
    """The PO if `actor` may answer for its workshop; NotFound when they cannot even see it."""
    try:
        info = purchasing.purchase_order_info(number)
    except NotFound:
        raise NotFound("Purchase order not found.") from None
    if access.may_act_for_workshop(actor, info.manufacturer_id):
        return info
    sees_all = actor.manufacturer_id is None and actor.has_perm(Cap.VIEW_PURCHASE_ORDERS.perm)
    if sees_all:
        raise PermissionDenied("Only the workshop or production managers answer a purchase order.")
    raise NotFound("Purchase order not found.")


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed("A reason is required.", code="reason_required")
    if len(reason) > REASON_MAX:
        raise ValidationFailed(
            f"A reason has at most {REASON_MAX} characters.", code="reason_too_long"
        )
    return reason


def _items_of(number: str):
    return ProductionItem.objects.filter(purchase_order_number=number)


def _fresh_codes(count: int) -> list[str]:
    chosen: set[str] = set()
    while len(chosen) < count:
        batch = {codes.new_code() for _ in range(count - len(chosen))} - chosen
        taken = set(ProductionItem.objects.filter(code__in=batch).values_list("code", flat=True))
        chosen |= batch - taken
    return sorted(chosen)


def _item(info: PurchaseOrderInfo, line, unit: int, code: str) -> ProductionItem:
    return ProductionItem(
        code=code,
        purchase_order_number=info.number,
        po_line_id=line.id,
        unit_index=unit,
        manufacturer_id=info.manufacturer_id,
        order_ref=line.order_ref or info.order_ref,
        line_ref=line.line_ref,
        product_id=line.product_id,
        variant_id=line.variant_id,
        sku=line.sku,
        product_name=line.product_name,
        variant_name=line.variant_name,
    )


def _complete(item: ProductionItem, *, actor: Actor, round_: int, kind: str, at) -> ProductionItem:
    apply_transition(
        item,
        ItemStatus.COMPLETED,
        table=ITEM_TRANSITIONS,
        actor=actor,
        changes={"round": round_, "completed_at": at},
    )
    ItemEvent.objects.create(item=item, kind=kind, round=round_, **_who(actor))
    publish(_ready(item))
    return item


def _ready(item: ProductionItem) -> PieceReadyForInspection:
    return PieceReadyForInspection(
        item_code=item.code,
        purchase_order_number=item.purchase_order_number,
        manufacturer_id=item.manufacturer_id,
        product_id=item.product_id,
        variant_id=item.variant_id,
        order_ref=item.order_ref,
        line_ref=item.line_ref,
        round=item.round,
    )


def _item_for_round(code: str, round_: int) -> ProductionItem | None:
    item = ProductionItem.objects.filter(code=codes.normalise(code) or "").first()
    if item is None or item.round != round_ or item.status != ItemStatus.COMPLETED:
        return None
    return item


def _who(actor: Actor) -> dict:
    return {"actor_id": actor.user_id, "actor_label": actor.label[:160]}


# --- Late purchase orders -------------------------------------------------------------


def late_check(*, actor: Actor, now=None) -> int:
    """Tell the production managers about each late purchase order, once per PO per day
    (required date passed and not completed, or accepted and not started in time).
    Returns how many e-mails were queued."""
    from atelier.production import priority

    now = now or timezone.now()
    sent = 0
    with transaction.atomic():
        for po in purchasing.purchase_orders_open():
            why = priority.late_reason(po, now=now)
            if why and notifications.po_late(
                number=po.number, manufacturer_name=po.manufacturer_name, why=why, today=now.date()
            ):
                sent += 1
    return sent
