"""Portal test world: purchasing's two workshops (A and B) with a real signed-in user
each, and workshop A's purchase order taken through production and quality so that it
has files, messages, a proposed revision, item codes, a completion photo and a piece in
rework with a defect photo."""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from atelier.accounts import services as accounts
from atelier.accounts.models import User
from atelier.core.actor import system_actor
from atelier.core.roles import Role
from atelier.production import services as production
from atelier.production.models import CompletionPhoto, ProductionItem
from atelier.purchasing import services as purchasing
from atelier.purchasing.models import (
    PurchaseOrder,
    PurchaseOrderFile,
    PurchaseOrderMessage,
    PurchaseOrderRevision,
)
from atelier.purchasing.tests.helpers import World, make_world, released
from atelier.quality.models import Defect, Inspection, InspectionPhoto

SYSTEM = system_actor("test")
PASSWORD = "workshop-pass-2026!"


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (32, 24), (200, 30, 30)).save(out, "JPEG")
    return out.getvalue()


def user(email: str, role: Role, **scope) -> User:
    return accounts.user_create_staff(
        email=email, role=role, password=PASSWORD, actor=SYSTEM, **scope
    )


@dataclass
class Portal:
    world: World
    user_a: User
    user_b: User
    po_a: str  # A's purchase order in production with everything attached
    po_b: str  # B's own purchase order, awaiting B
    fresh_a: str  # A's purchase order awaiting the workshop
    file_id: int
    completion_photo_id: int
    quality_photo_id: int
    rework_code: str
    change_ref: str
    contact_id: int
    token_id: int


def make_portal() -> Portal:
    w = make_world()
    user_a = user("ws-a@example.com", Role.MANUFACTURER, manufacturer=w.a)
    user_b = user("ws-b@example.com", Role.MANUFACTURER, manufacturer=w.b)
    po_a = released(w, w.need("L1", quantity=2), order_ref="SO-2026-000001")
    fresh_a = released(w, w.need("L1"), order_ref="SO-2026-000002")
    po_b = released(w, w.need("L1", variant=w.chair_b), order_ref="SO-2026-000003")
    purchasing.purchase_order_message_post(number=po_a, body="Hello A", actor=w.manager)
    production.po_accept(number=po_a, actor=w.workshop_a)
    production.po_start(number=po_a, actor=w.workshop_a)
    change_ref = "CHG-1"
    line = PurchaseOrder.objects.get(number=po_a).lines.first()
    purchasing.purchase_line_revise(
        order_ref=line.order_ref,
        line_ref=line.line_ref,
        change_ref=change_ref,
        configuration=w.configuration(fabric="linen"),
        variant_id=line.variant_id,
        summary="Linen instead of wool",
        needs_agreement=True,
        actor=SYSTEM,
    )
    photo = SimpleUploadedFile("done.jpg", jpeg(), content_type="image/jpeg")
    production.po_complete(number=po_a, actor=w.workshop_a, photos=[photo])
    item = ProductionItem.objects.filter(purchase_order_number=po_a).first()
    quality_photo_id = _failed_inspection(item)
    production.item_inspection_failed(
        code=item.code, round_=item.round, defects="Scratch on the left arm", actor=SYSTEM
    )
    contact = purchasing.manufacturer_contact_add(
        manufacturer_id=w.a.pk, name="Paolo", actor=w.manager
    )
    from atelier.accounts.actors import actor_for
    from atelier.accounts.tokens import api_token_create

    _, token = api_token_create(name="erp", actor=actor_for(user_a))
    return Portal(
        world=w,
        user_a=user_a,
        user_b=user_b,
        po_a=po_a,
        po_b=po_b,
        fresh_a=fresh_a,
        file_id=PurchaseOrderFile.objects.filter(purchase_order__number=po_a).first().pk,
        completion_photo_id=CompletionPhoto.objects.get(purchase_order_number=po_a).pk,
        quality_photo_id=quality_photo_id,
        rework_code=item.code,
        change_ref=change_ref,
        contact_id=contact.pk,
        token_id=token.pk,
    )


def _failed_inspection(item: ProductionItem) -> int:
    inspection = Inspection.objects.create(
        number=f"QC-2026-{item.pk:06d}",
        item_code=item.code,
        round=item.round,
        purchase_order_number=item.purchase_order_number,
        manufacturer_id=item.manufacturer_id,
        product_id=item.product_id,
        variant_id=item.variant_id,
        status="failed",
    )
    defect = Defect.objects.create(
        inspection=inspection, severity="major", description="Scratch on the left arm"
    )
    photo = InspectionPhoto(
        inspection=inspection,
        defect=defect,
        content_type="image/jpeg",
        size=10,
        width=32,
        height=24,
        caption="left arm",
    )
    photo.file.save("defect.jpg", ContentFile(jpeg()), save=False)
    photo.save()
    return photo.pk


def state(number: str) -> dict:
    """What must not change when another workshop pokes at a purchase order."""
    po = PurchaseOrder.objects.get(number=number)
    return {
        "status": po.status,
        "revision": po.revision,
        "messages": PurchaseOrderMessage.objects.filter(purchase_order=po).count(),
        "files": PurchaseOrderFile.objects.filter(purchase_order=po).count(),
        "revisions": list(
            PurchaseOrderRevision.objects.filter(purchase_order=po).values_list("status", flat=True)
        ),
        "items": list(
            ProductionItem.objects.filter(purchase_order_number=number).values_list(
                "code", "status", "round"
            )
        ),
        "photos": CompletionPhoto.objects.filter(purchase_order_number=number).count(),
    }
