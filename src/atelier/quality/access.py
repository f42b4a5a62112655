"""The only gate to quality rows (docs/contexts/quality.md, "Roles").

* quality controllers (inspect_quality) and back-office staff who follow purchase orders
  (view_purchase_orders: production managers, accounting), admins: every inspection;
* a manufacturer: only the *failed* inspections of its own pieces (the rework it must
  do: defects and photos), nothing else;
* everyone else: nothing.

Recording (`action="inspect"`) needs inspect_quality. Checklists: seen by those who see
every inspection, managed by quality controllers. Out of scope looks like missing.
"""

from __future__ import annotations

from django.db.models import QuerySet

from atelier.accounts.roles import Cap
from atelier.core.actor import Actor
from atelier.core.errors import NotFound, PermissionDenied
from atelier.core.roles import Role
from atelier.quality.enums import InspectionStatus
from atelier.quality.models import Checklist, ChecklistItem, Inspection, InspectionPhoto

INSPECT = Cap.INSPECT_QUALITY.perm


def _sees_all(actor: Actor) -> bool:
    if actor.is_system or actor.is_superuser or actor.has_perm(INSPECT):
        return True
    staff = actor.has_perm(Cap.ACCESS_BACKOFFICE.perm)
    return staff and actor.has_perm(Cap.VIEW_PURCHASE_ORDERS.perm)


def _manufacturer_id(actor: Actor) -> int | None:
    if actor.has_role(Role.MANUFACTURER) and actor.manufacturer_id:
        return actor.manufacturer_id
    return None


def inspections_visible_to(actor: Actor) -> QuerySet[Inspection]:
    rows = Inspection.objects.all()
    if _sees_all(actor):
        return rows
    manufacturer_id = _manufacturer_id(actor)
    if manufacturer_id:
        return rows.filter(manufacturer_id=manufacturer_id, status=InspectionStatus.FAILED)
    return rows.none()


def get_inspection_for(actor: Actor, number: str, action: str = "view") -> Inspection:
    inspection = inspections_visible_to(actor).filter(number=(number or "").strip()).first()
    if inspection is None:
        raise NotFound("Inspection not found.")
    if action == "inspect" and not actor.has_perm(INSPECT):
        raise PermissionDenied("Only quality controllers may record inspections.")
    return inspection


def photos_visible_to(actor: Actor) -> QuerySet[InspectionPhoto]:
    return InspectionPhoto.objects.filter(
        inspection__in=inspections_visible_to(actor)
    ).select_related("inspection")


def get_photo_for(actor: Actor, photo_id: int) -> InspectionPhoto:
    photo = photos_visible_to(actor).filter(pk=photo_id).first()
    if photo is None:
        raise NotFound("Photo not found.")
    return photo


def checklists_visible_to(actor: Actor) -> QuerySet[Checklist]:
    return Checklist.objects.all() if _sees_all(actor) else Checklist.objects.none()


def get_checklist_for(actor: Actor, checklist_id: int, action: str = "view") -> Checklist:
    checklist = checklists_visible_to(actor).filter(pk=checklist_id).first()
    if checklist is None:
        raise NotFound("Checklist not found.")
    if action == "manage" and not actor.has_perm(INSPECT):
        raise PermissionDenied("Only quality controllers may change checklists.")
    return checklist


def get_checklist_item_for(
    actor: Actor, checklist: Checklist, item_id: int, action: str = "manage"
) -> ChecklistItem:
    get_checklist_for(actor, checklist.pk, action=action)
    item = ChecklistItem.objects.filter(checklist=checklist, pk=item_id).first()
    if item is None:
        raise NotFound("Checklist item not found.")
    return item
