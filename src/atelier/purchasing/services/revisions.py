"""Changes to a bought line: the designer's finalisation and later revisions.

A change is applied at once while the workshop has not accepted the PO (draft,
awaiting manufacturer, declined); once accepted it is proposed and the workshop accepts
or refuses it with a reason. Every change is a numbered revision the workshop can read.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from atelier.catalog import facade as catalog
from atelier.core.actor import Actor
from atelier.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from atelier.core.events import publish
from atelier.purchasing import events
from atelier.purchasing.access import get_purchase_order_for, is_workshop
from atelier.purchasing.enums import AGREEMENT_STATUSES, RevisionStatus
from atelier.purchasing.enums import POStatus as S
from atelier.purchasing.models import PurchaseOrder, PurchaseOrderLine, PurchaseOrderRevision
from atelier.purchasing.services import _common as check

FROZEN = (S.COMPLETED, S.CANCELLED)


def _require(actor: Actor) -> None:
    from atelier.accounts.roles import Cap

    allowed = actor.is_system or (
        not is_workshop(actor)
        and any(
            actor.has_perm(c.perm)
            for c in (Cap.FINALISE_CONFIGURATIONS, Cap.MANAGE_PRODUCTION, Cap.RAISE_PURCHASE_ORDERS)
        )
    )
    if not allowed:
        raise PermissionDenied("You may not change purchase order lines.")


def _live_line(order_ref: str, line_ref: str) -> PurchaseOrderLine | None:
    order_ref = check.text(order_ref, "order_ref", max_length=40, required=True)
    line_ref = check.text(line_ref, "line_ref", max_length=40, required=True)
    line = (
        PurchaseOrderLine.objects.select_for_update()
        .filter(order_ref=order_ref, line_ref=line_ref, is_live=True)
        .first()
    )
    return line


def _variant(variant_id: int, line: PurchaseOrderLine) -> dict:
    if variant_id == line.variant_id:
        return {}
    if type(variant_id) is not int:
        raise ValidationFailed("variant: give its id.", field="variant_id")
    try:
        variant = catalog.get_variant(variant_id)
    except NotFound:
        raise ValidationFailed("No such variant.", field="variant_id") from None
    if variant.product_id != line.product_id:
        raise ValidationFailed("The new variant is of another product.", code="other_product")
    return {"variant_id": variant.id, "sku": variant.sku, "variant_name": variant.name}


def purchase_line_finalised(
    *, order_ref: str, line_ref: str, configuration: dict, variant_id: int, actor: Actor
) -> PurchaseOrder | None:
    _require(actor)
    if not isinstance(configuration, dict):
        raise ValidationFailed("The configuration is a mapping.", field="configuration")
    with transaction.atomic():
        line = _live_line(order_ref, line_ref)
        if line is None:
            return None
        po = PurchaseOrder.objects.select_for_update().get(pk=line.purchase_order_id)
        changed = configuration != line.configuration or variant_id != line.variant_id
        if changed and po.status != S.DRAFT:
            _revise(
                po,
                line,
                change_ref=f"finalised-{line_ref}",
                configuration=configuration,
                variant_id=variant_id,
                summary="Configuration finalised by the designer",
                needs_agreement=False,
                actor=actor,
            )
        elif changed:
            line.configuration = configuration
            for name, value in _variant(variant_id, line).items():
                setattr(line, name, value)
        line.awaiting_finalisation = False
        line.save()
    return po


def purchase_line_revise(
    *,
    order_ref: str,
    line_ref: str,
    change_ref: str,
    configuration: dict,
    variant_id: int,
    summary: str,
    needs_agreement: bool,
    actor: Actor,
) -> PurchaseOrder | None:
    _require(actor)
    change_ref = check.text(change_ref, "change_ref", max_length=60, required=True)
    summary = check.text(summary, "summary", max_length=300, required=True)
    if not isinstance(configuration, dict):
        raise ValidationFailed("The configuration is a mapping.", field="configuration")
    with transaction.atomic():
        line = _live_line(order_ref, line_ref)
        if line is None:
            return None
        po = PurchaseOrder.objects.select_for_update().get(pk=line.purchase_order_id)
        _revise(
            po,
            line,
            change_ref=change_ref,
            configuration=configuration,
            variant_id=variant_id,
            summary=summary,
            needs_agreement=needs_agreement,
            actor=actor,
        )
    return po


def _revise(po, line, *, change_ref, configuration, variant_id, summary, needs_agreement, actor):
    if po.revisions.filter(change_ref=change_ref).exists():
        return  # already recorded (the event arrived twice)
    if po.status in FROZEN:
        raise Conflict(f"Purchase order {po.number} is {po.get_status_display().lower()}.")
    variant_changes = _variant(variant_id, line)
    proposed = needs_agreement or po.status in AGREEMENT_STATUSES
    number = max(po.revision, po.revisions.aggregate(n=Max("number"))["n"] or 0) + 1
    revision = PurchaseOrderRevision.objects.create(
        purchase_order=po,
        number=number,
        line=line,
        change_ref=change_ref,
        summary=summary,
        configuration_before=line.configuration,
        configuration_after=configuration,
        variant_before=line.variant_id,
        variant_after=variant_changes.get("variant_id", line.variant_id),
        status=RevisionStatus.PROPOSED if proposed else RevisionStatus.APPLIED,
        by_label=actor.label,
    )
    if not proposed:
        _apply(po, revision)


def _apply(po: PurchaseOrder, revision: PurchaseOrderRevision) -> None:
    line = revision.line
    line.configuration = revision.configuration_after
    for name, value in _variant(revision.variant_after, line).items():
        setattr(line, name, value)
    line.save()
    po.revision = max(po.revision, revision.number)
    po.save(update_fields=["revision", "updated_at"])


def _proposed(po: PurchaseOrder, change_ref: str) -> PurchaseOrderRevision:
    revision = po.revisions.select_for_update().filter(change_ref=change_ref).first()
    if revision is None:
        raise NotFound("No such revision.")
    if revision.status != RevisionStatus.PROPOSED:
        raise Conflict(
            f"Revision {revision.number} is already {revision.get_status_display().lower()}.",
            code="revision_decided",
        )
    return revision


def purchase_revision_accept(*, number: str, change_ref: str, actor: Actor) -> PurchaseOrder:
    """The workshop agrees to the change: it is applied and the PO's revision moves on."""
    po = get_purchase_order_for(actor, number, action="respond")
    with transaction.atomic():
        po = PurchaseOrder.objects.select_for_update().get(pk=po.pk)
        revision = _proposed(po, change_ref)
        _decide(revision, RevisionStatus.ACCEPTED, actor, "")
        _apply(po, revision)
        publish(_event(events.PurchaseRevisionAccepted, po, revision, ""))
    return po


def purchase_revision_refuse(
    *, number: str, change_ref: str, reason: str, actor: Actor
) -> PurchaseOrder:
    """The workshop refuses the change, saying why; the line stays as it was."""
    po = get_purchase_order_for(actor, number, action="respond")
    reason = check.text(reason, "reason", max_length=1000, required=True)
    with transaction.atomic():
        po = PurchaseOrder.objects.select_for_update().get(pk=po.pk)
        revision = _proposed(po, change_ref)
        _decide(revision, RevisionStatus.REFUSED, actor, reason)
        publish(_event(events.PurchaseRevisionRefused, po, revision, reason))
    return po


def _decide(revision, status: str, actor: Actor, reason: str) -> None:
    revision.status = status
    revision.decided_by_label = actor.label
    revision.decided_at = timezone.now()
    revision.reason = reason
    revision.save(update_fields=["status", "decided_by_label", "decided_at", "reason"])


def _event(cls, po, revision, reason: str):
    return cls(
        number=po.number,
        order_ref=po.order_ref,
        line_ref=revision.line.line_ref,
        change_ref=revision.change_ref,
        reason=reason,
    )
