"""Change after purchase (issue 8): a priced proposal, the workshop's agreement when
its purchase order was accepted, payment of an increase, and then the change itself.

Applying a change never edits a posted document: a credit note reverses the line's
invoiced revision and a new invoice carries the new one; a decrease is refunded
(partially) from the original payment; a stock line's hold follows the new variant.
Everything is in the order's history; `LineChanged` tells production and purchasing.
Rules: `sales.changes_rules`.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from atelier.core.actor import Actor, system_actor
from atelier.core.errors import Conflict, NotFound, ValidationFailed
from atelier.core.events import publish
from atelier.core.money import Money
from atelier.core.numbering import next_number
from atelier.core.statemachine import apply_transition
from atelier.inventory import facade as inventory
from atelier.sales import changes_rules as rules
from atelier.sales import deposits, paying
from atelier.sales.enums import (
    OPEN_CHANGE_STATUSES,
    ChangeStatus,
    ErrorCode,
    LineKind,
    OrderChannel,
    OrderFlag,
    PaymentPurpose,
    ProductionStage,
)
from atelier.sales.events import LineChanged, LineChangeProposed
from atelier.sales.models import ChangeRequest, OrderLine, SalesOrder
from atelier.sales.services import made_to_order as mto
from atelier.sales.services._common import locked_order, record_change
from atelier.sales.services.notifications import order_url, payment_link_enqueue

log = logging.getLogger(__name__)
CHANGE_PREFIX = "CR"


@dataclass(frozen=True)
class AcceptResult:
    change: ChangeRequest
    payment: object | None = None  # payments.facade.PaymentStart (customer pays now)
    payment_url: str = ""  # a payment link sent by e-mail/SMS (staff accepted)
    refunded: Money | None = None


def change_request_create(
    *,
    order: SalesOrder,
    line_id: int,
    actor: Actor,
    variant_id: int | None = None,
    options=None,
    dimensions=None,
    override_reason: str = "",
) -> ChangeRequest:
    """A priced proposal to change one paid line (nothing changes until accepted)."""
    requester = rules.check_requester(actor, order)
    with transaction.atomic():
        order = locked_order(order)
        line = mto._line(order, line_id)
        verdict = rules.check_change(order, line, actor, override_reason=override_reason)
        _refuse_open_change(line)
        amounts = mto.reprice(
            order, line, variant_id=variant_id, options=options, dimensions=dimensions
        )
        if amounts["variant_id"] == line.variant_id and amounts["configuration"] == (
            line.configuration or {}
        ):
            raise ValidationFailed("Nothing would change.", code=ErrorCode.NO_CHANGE)
        new_total = mto.new_total_gross(line, amounts)
        change = ChangeRequest.objects.create(
            ref=next_number(CHANGE_PREFIX),
            order=order,
            line=line,
            requested_by=requester,
            requested_by_user_id=actor.user_id,
            from_revision=line.revision,
            variant_id=amounts["variant_id"],
            options=_options(amounts),
            dimensions=_dimensions(amounts),
            configuration=amounts["configuration"],
            summary=amounts["summary"],
            currency=order.currency,
            new_amounts=amounts,
            old_total_gross=line.total_gross,
            new_total_gross=new_total,
            difference=new_total - Decimal(line.total_gross),
            needs_workshop=verdict.needs_workshop,
            override_reason=verdict.override_reason,
        )
        record_change(order, actor, _history(change, "proposed"))
    return change


def _refuse_open_change(line: OrderLine) -> None:
    if line.change_requests.filter(status__in=OPEN_CHANGE_STATUSES).exists():
        raise Conflict(
            f"A change of {line.ref} is already under way: finish or cancel it first.",
            code=ErrorCode.CHANGE_OPEN,
        )


def _options(amounts: dict) -> dict:
    return {o["group_code"]: o["choice_code"] for o in amounts["configuration"].get("options", [])}


def _dimensions(amounts: dict) -> dict:
    sizes = amounts["configuration"].get("custom_dimensions", [])
    return {c["axis"]: c["requested_cm"] for c in sizes}


def _history(change: ChangeRequest, what: str) -> str:
    return (
        f"Change {change.ref} of {change.line.ref} {what}: {change.summary} "
        f"(difference {change.difference_money})"
    )


def change_request_accept(
    *,
    change: ChangeRequest,
    actor: Actor,
    override_reason: str = "",
    return_url: str = "",
    via: str = "email",
) -> AcceptResult:
    """Go ahead with a proposal: to the workshop when it must agree, else an increase
    waits for its payment (the customer pays now; staff send a link) and a decrease or
    an even swap is applied at once (credit note, new invoice, refund)."""
    rules.check_requester(actor, change.order)
    if via not in ("email", "sms"):
        raise ValidationFailed("via: email or sms.", field="via")
    with transaction.atomic():
        order = locked_order(change.order)
        change = _locked_change(change, ChangeStatus.PROPOSED, ChangeStatus.AWAITING_PAYMENT)
        if change.status == ChangeStatus.PROPOSED:  # else paying again (resume)
            done = _go_ahead(change, order, actor, override_reason)
            if done is not None:
                return done
    return _payment_step(change, order, actor, return_url, via)


def _go_ahead(change, order, actor: Actor, override_reason: str) -> AcceptResult | None:
    """Workshop, payment or applied at once; None when a payment is needed next."""
    verdict = rules.check_change(
        order,
        change.line,
        actor,
        override_reason=override_reason,
        overridden=change.override_reason,
    )
    if verdict.override_reason and not change.override_reason:
        change.override_reason = verdict.override_reason
        change.save(update_fields=["override_reason", "updated_at"])
    if verdict.needs_workshop:
        _to_workshop(change, order, actor)
        return AcceptResult(change)
    if change.difference > 0:
        _move(change, ChangeStatus.AWAITING_PAYMENT, actor)
        record_change(order, actor, _history(change, "awaits payment"))
    else:
        refunded = _apply(change, order, actor)
        return AcceptResult(change, refunded=refunded)
    return None


def _payment_step(change, order, actor: Actor, return_url: str, via: str) -> AcceptResult:
    """The customer pays now (redirect / client secret); staff send a payment link."""
    if rules.check_requester(actor, order) == "customer":
        return AcceptResult(change, payment=_start_payment(change, order, return_url))
    return AcceptResult(change, payment_url=change_payment_request_send(change=change, via=via))


def _locked_change(change: ChangeRequest, *statuses: str) -> ChangeRequest:
    locked = ChangeRequest.objects.select_for_update().select_related("line").get(pk=change.pk)
    if statuses and locked.status not in statuses:
        raise Conflict(
            f"Change {locked.ref} is {locked.get_status_display().lower()}.",
            code=ErrorCode.CHANGE_STATE,
        )
    return locked


def _move(change: ChangeRequest, status: str, actor: Actor, *, why: str = "", **fields):
    apply_transition(
        change,
        status,
        table=rules.CHANGE_TRANSITIONS,
        actor=actor,
        reason=why,
        changes=fields or None,
    )


def _to_workshop(change: ChangeRequest, order: SalesOrder, actor: Actor) -> None:
    _move(change, ChangeStatus.AWAITING_WORKSHOP, actor)
    record_change(order, actor, _history(change, "sent to the workshop for agreement"))
    publish(
        LineChangeProposed(
            order_ref=order.number,
            line_ref=change.line.ref,
            change_ref=change.ref,
            summary=change.summary,
        )
    )


def _start_payment(change: ChangeRequest, order: SalesOrder, return_url: str):
    start = paying.start(
        order=order,
        amount=change.difference_money.rounded(),
        return_url=return_url or order_url(order),
        idempotency_key=f"sales:change:{change.ref}",
        actor=system_actor("change after purchase"),
        purpose=PaymentPurpose.CHANGE,
        caller_ref=change.ref,
    )
    ChangeRequest.objects.filter(pk=change.pk).update(payment_id=start.payment_id)
    change.payment_id = start.payment_id
    return start


def change_payment_request_send(*, change: ChangeRequest, via: str = "email") -> str:
    """A payment link for the increase, sent by e-mail or SMS (after commit)."""
    order = change.order
    amount = change.difference_money.rounded()
    if via == "sms" and not order.phone:
        via = "email"
    url = paying.link_create(
        order=order,
        amount=amount,
        actor=system_actor("change after purchase"),
        purpose=PaymentPurpose.CHANGE,
        caller_ref=change.ref,
    )
    digest = hashlib.sha256(url.encode()).hexdigest()
    with transaction.atomic():
        payment_link_enqueue(
            order=order,
            url=url,
            amount=amount,
            via=via,
            key=f"sales:change-link:{change.ref}:{via}:{digest}",
            purpose=PaymentPurpose.CHANGE,
            summary=change.summary,
            change_ref=change.ref,
        )
        record_change(
            order,
            system_actor("change after purchase"),
            f"Payment link for {amount} ({change.ref}) sent by {via}",
        )
    return url


def change_request_cancel(
    *, change: ChangeRequest, actor: Actor, reason: str = ""
) -> ChangeRequest:
    """Withdraw an open change (the customer who asked, or staff)."""
    rules.check_requester(actor, change.order)
    reason = rules.clean_reason(reason)
    with transaction.atomic():
        order = locked_order(change.order)
        change = _locked_change(change, *OPEN_CHANGE_STATUSES)
        if change.status != ChangeStatus.PROPOSED and not reason:
            reason = "Withdrawn"
        _move(change, ChangeStatus.CANCELLED, actor, why=reason, reason=reason)
        record_change(order, actor, _history(change, f"cancelled ({reason or 'withdrawn'})"))
    return change


# --- Reactions: payment, the workshop's answer, production stages ----------------------


def change_payment_received(
    *, order_ref: str, payment_id: str, amount: Money, actor: Actor, change_ref: str = ""
) -> ChangeRequest | None:
    """The increase of a change was paid: count the money and apply the change.

    The payment names its change (`change_ref`, the payment's caller_ref; older payments
    started by the customer: their payment id). It must be the change's exact increase
    and the change must still await it; otherwise nothing is applied nor counted and
    the order is flagged for a person (who refunds or settles it by hand)."""
    with transaction.atomic():
        order = SalesOrder.objects.select_for_update().filter(number=order_ref).first()
        if order is None:
            log.warning("change payment %s for unknown order %s ignored", payment_id, order_ref)
            return None
        mine = ChangeRequest.objects.filter(order=order)
        change = (mine.filter(ref=change_ref).first() if change_ref else None) or (
            mine.filter(payment_id=payment_id).first() if payment_id else None
        )
        problem = _unmatched(change, amount)
        if problem:
            named = change_ref or "no change named"
            _flag(order, f"Payment {payment_id} of {amount} ({named}): {problem}")
            return None
        order.amount_paid += amount.amount
        order.save(update_fields=["amount_paid", "updated_at"])
        if deposits.awaits_final_invoice(order):
            mto.deposit_receipt_record(order=order, payment_id=payment_id, amount=amount)
        ChangeRequest.objects.filter(pk=change.pk).update(payment_id=payment_id)
        _apply(_locked_change(change), order, actor)
    return change


def _unmatched(change: ChangeRequest | None, amount: Money) -> str:
    """Why a change payment cannot be applied ("" when it can)."""
    if change is None:
        return "matches no change request; not applied"
    if change.status != ChangeStatus.AWAITING_PAYMENT:
        state = change.get_status_display().lower()
        return f"{change.ref} is {state}; not applied"
    due = change.difference_money.rounded()
    if amount != due:
        return f"{change.ref} awaits {due}; not applied"
    return ""


def _flag(order: SalesOrder, note: str) -> None:
    """Money a person must look at: flagged on the order (back office), history line."""
    log.warning("order %s flagged: %s", order.number, note)
    order.flag = OrderFlag.OVERPAID
    order.flag_note = (f"{order.flag_note}\n{note}" if order.flag_note else note).strip()
    order.save(update_fields=["flag", "flag_note", "updated_at"])
    record_change(order, system_actor("payment received"), note)


def change_workshop_answer(*, change_ref: str, agreed: bool, reason: str, actor: Actor) -> None:
    """The workshop agreed to (or refused) a change proposed to it."""
    with transaction.atomic():
        change = ChangeRequest.objects.filter(ref=change_ref).first()
        if change is None:
            raise NotFound(f"No change request {change_ref}.")
        order = locked_order(change.order)
        change = _locked_change(change, ChangeStatus.AWAITING_WORKSHOP)
        if not agreed:
            reason = (reason or "").strip() or "Refused by the workshop"
            _move(change, ChangeStatus.REFUSED, actor, why=reason, reason=reason)
            record_change(order, actor, _history(change, f"refused by the workshop: {reason}"))
            return
        record_change(order, actor, _history(change, "agreed by the workshop"))
        if change.difference <= 0:
            _apply(change, order, actor)
            return
        _move(change, ChangeStatus.AWAITING_PAYMENT, actor)
    change_payment_request_send(change=change)


def lines_production_stage_set(*, order_ref: str, line_refs, stage: str, actor: Actor) -> int:
    """What the workshop is doing with these lines (purchasing's events only)."""
    if stage not in ProductionStage.values:
        raise ValidationFailed(f"Unknown production stage {stage!r}.", field="stage")
    with transaction.atomic():
        order = SalesOrder.objects.select_for_update().filter(number=order_ref).first()
        if order is None:
            return 0
        rows = OrderLine.objects.filter(order=order, ref__in=list(line_refs)).exclude(
            production_stage=stage
        )
        refs = sorted(rows.values_list("ref", flat=True))
        rows.update(production_stage=stage)
        if refs:
            label = ProductionStage(stage).label.lower()
            record_change(order, actor, f"{', '.join(refs)}: {label}")
    return len(refs)


# --- Applying ---------------------------------------------------------------------------


def _apply(change: ChangeRequest, order: SalesOrder, actor: Actor) -> Money:
    """The change itself (called with the order and the change locked)."""
    line = OrderLine.objects.select_for_update().get(pk=change.line_id)
    if line.revision != change.from_revision:
        raise Conflict(f"{line.ref} changed since {change.ref} was priced.", code="stale")
    old_variant = line.variant_id
    invoiced = mto.line_is_invoiced(line)
    if invoiced:
        mto.line_credit_note_issue(order=order, line=line, reason=f"Change {change.ref}")
    mto.set_line(order, line, change.new_amounts, revision=line.revision + 1)
    if invoiced:
        mto.line_invoice_issue(order=order, line=line)
    refunded = Money.zero(order.currency)
    if change.difference < 0:
        refunded = mto.refund(
            order,
            -change.difference_money,
            key=f"change:{change.ref}",
            reason=f"Change {change.ref}",
            actor=actor,
        )
    if line.kind == LineKind.STOCK and line.variant_id != old_variant:
        _follow_stock(order, line, actor)
    _move(change, ChangeStatus.APPLIED, actor, applied_at=timezone.now())
    record_change(order, actor, _history(change, f"applied (revision {line.revision})"))
    publish(
        LineChanged(
            order_ref=order.number,
            line_ref=line.ref,
            revision=line.revision,
            variant_id=line.variant_id,
            change_ref=change.ref,
            summary=change.summary,
        )
    )
    return refunded


def _follow_stock(order: SalesOrder, line: OrderLine, actor: Actor) -> None:
    """The piece held for this line is given back and the new variant held instead."""
    inventory.release(order.number, f"Change of {line.ref}", actor=actor, line_refs=[line.ref])
    inventory.reserve(
        order_ref=order.number,
        lines=[(line.ref, line.variant_id, line.quantity)],
        channel=order.channel or OrderChannel.ONLINE,
        actor=actor,
    )
    inventory.confirm(order.number, actor=actor)
