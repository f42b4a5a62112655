"""What the portal pages show, composed from purchasing, production and quality reads.

Every function starts from `purchasing.access.get_purchase_order_for(actor, number)`:
a purchase order of another workshop (or a draft) is NotFound before anything else is
read. No rule lives here: it only gathers.
"""

from __future__ import annotations

from dataclasses import dataclass

from atelier.core.actor import Actor
from atelier.core.errors import NotFound
from atelier.production import access as production_access
from atelier.production import labels
from atelier.production import requirements as production_requirements
from atelier.production.enums import ItemStatus
from atelier.production.models import CompletionPhoto, ProductionItem
from atelier.purchasing import facade as purchasing
from atelier.purchasing import selectors as purchasing_selectors
from atelier.purchasing.access import get_purchase_order_for
from atelier.purchasing.enums import RevisionStatus
from atelier.quality import facade as quality

# The workshop's buttons, by the status a move leads to.
ACTIONS = {
    "accepted": "accept",
    "declined": "decline",
    "in_production": "start",
    "completed": "complete",
}


@dataclass(frozen=True)
class ReworkItem:
    item: ProductionItem
    defects: list
    photos: list
    failed: list


@dataclass(frozen=True)
class POPage:
    detail: purchasing_selectors.PurchaseOrderDetail
    requirements: list
    items: list[ProductionItem]
    rework: list[ReworkItem]
    completion_photos: list[CompletionPhoto]
    actions: list[str]
    proposed: list

    @property
    def po(self):
        return self.detail.po


def po_page(actor: Actor, number: str) -> POPage:
    detail = purchasing_selectors.purchase_order_detail(actor, number)
    info = purchasing.purchase_order_info(detail.po.number)
    items = items_for(actor, detail.po.number)
    rework = [
        ReworkItem(
            item=item,
            defects=quality.defects_for_item(item.code, actor.manufacturer_id or 0),
            photos=quality.photos_for_item(item.code, actor.manufacturer_id or 0),
            failed=quality.failed_inspections_for_item(item.code, actor.manufacturer_id or 0),
        )
        for item in items
        if item.status == ItemStatus.REWORK
    ]
    return POPage(
        detail=detail,
        requirements=production_requirements.for_purchase_order(info),
        items=items,
        rework=rework,
        completion_photos=list(
            CompletionPhoto.objects.filter(purchase_order_number=detail.po.number)
        ),
        actions=[ACTIONS[s] for s in detail.allowed if s in ACTIONS],
        proposed=[r for r in detail.revisions if r.status == RevisionStatus.PROPOSED],
    )


def po_for(actor: Actor, number: str):
    """The purchase order itself, scoped: NotFound for another workshop's."""
    return get_purchase_order_for(actor, number)


def items_for(actor: Actor, number: str) -> list[ProductionItem]:
    """The item codes of a purchase order the actor sees (scoped twice: PO and items)."""
    po = get_purchase_order_for(actor, number)
    return list(production_access.items_visible_to(actor).filter(purchase_order_number=po.number))


def item_for(actor: Actor, number: str, code: str) -> ProductionItem:
    item = next((i for i in items_for(actor, number) if i.code == code), None)
    if item is None:
        raise NotFound("No such item.")
    return item


def label_cards(actor: Actor, number: str) -> list[dict]:
    items = items_for(actor, number)
    if not items:
        raise NotFound("This purchase order has no item codes yet.")
    return [
        {
            "code": i.code,
            "qr": labels.qr_data_uri(i.code),
            "title": i.product_name,
            "subtitle": " / ".join(filter(None, [i.variant_name, i.sku])),
            "footer": f"{i.purchase_order_number} · {i.unit_index}",
        }
        for i in items
    ]


def completion_photo_for(actor: Actor, number: str, photo_id: int) -> CompletionPhoto:
    po = get_purchase_order_for(actor, number)
    row = CompletionPhoto.objects.filter(purchase_order_number=po.number, pk=photo_id).first()
    if row is None:
        raise NotFound("No such photo.")
    return row


def quality_photo_for(actor: Actor, number: str, code: str, photo_id: int):
    item = item_for(actor, number, code)
    photo = quality.photo_for_manufacturer(photo_id, actor.manufacturer_id or 0)
    if photo.id not in {p.id for p in quality.photos_for_item(item.code, item.manufacturer_id)}:
        raise NotFound("Photo not found.")
    return photo
