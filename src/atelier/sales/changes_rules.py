"""Change after purchase (issue 8): who may change a paid line, and when.

* Only a paid order's lines (status paid), never a cancelled order's, never a line still
  awaiting finalisation (the designer finalises it), one open change per line.
* The customer who owns the order (in their account), staff who manage orders, or a
  production manager.
* Production: freely until the workshop accepts the purchase order; after acceptance
  only if the workshop agrees (the change waits in `awaiting_workshop`); once in
  production (or completed) never, unless a production manager overrides it with a
  recorded reason.

A change request's status moves only through `CHANGE_TRANSITIONS`:

    proposed --> awaiting_workshop --> awaiting_payment --> applied
        |               |     \\------------------------------^
        |               +--> refused (the workshop said no)
        +--> awaiting_payment / applied (a decrease is applied at once)
    proposed | awaiting_workshop | awaiting_payment --> cancelled
"""

from __future__ import annotations

from dataclasses import dataclass

from atelier.accounts.roles import Cap
from atelier.core.actor import Actor
from atelier.core.errors import Conflict, PermissionDenied, ValidationFailed
from atelier.core.statemachine import Transition, TransitionTable
from atelier.sales.enums import ChangeStatus as C
from atelier.sales.enums import ErrorCode, Finalisation, OrderStatus, ProductionStage

CHANGE_TRANSITIONS: TransitionTable = {
    (C.PROPOSED, C.AWAITING_WORKSHOP): Transition(label="Ask the workshop"),
    (C.PROPOSED, C.AWAITING_PAYMENT): Transition(label="Ask for payment"),
    (C.PROPOSED, C.APPLIED): Transition(label="Apply"),
    (C.AWAITING_WORKSHOP, C.AWAITING_PAYMENT): Transition(label="Workshop agreed: ask payment"),
    (C.AWAITING_WORKSHOP, C.APPLIED): Transition(label="Workshop agreed: apply"),
    (C.AWAITING_WORKSHOP, C.REFUSED): Transition(requires_reason=True, label="Workshop refused"),
    (C.AWAITING_PAYMENT, C.APPLIED): Transition(label="Paid: apply"),
    (C.PROPOSED, C.CANCELLED): Transition(label="Cancel"),
    (C.AWAITING_WORKSHOP, C.CANCELLED): Transition(requires_reason=True, label="Cancel"),
    (C.AWAITING_PAYMENT, C.CANCELLED): Transition(requires_reason=True, label="Cancel"),
}

FREE_STAGES = frozenset({ProductionStage.NONE, ProductionStage.AWAITING_MANUFACTURER})
LOCKED_STAGES = frozenset({ProductionStage.IN_PRODUCTION, ProductionStage.COMPLETED})
MAX_REASON = 500


@dataclass(frozen=True)
class Verdict:
    needs_workshop: bool
    override_reason: str = ""


def check_requester(actor: Actor, order) -> str:
    """ "customer" (the owner) or "staff" (manages orders, or production: a production
    manager proposes the changes it overrides); PermissionDenied else."""
    if actor.has_perm(Cap.MANAGE_ORDERS.perm) or actor.has_perm(Cap.MANAGE_PRODUCTION.perm):
        return "staff"
    if actor.user_id is not None and order.customer_id == actor.user_id:
        return "customer"
    raise PermissionDenied("You are not allowed to change this order.")


def check_change(
    order, line, actor: Actor, *, override_reason: str = "", overridden: str = ""
) -> Verdict:
    """Whether `line` of `order` may change now; raises with the reason when not.
    `overridden`: the reason a production manager already recorded on the change."""
    if order.status == OrderStatus.CANCELLED:
        raise Conflict("The order is cancelled: it cannot be changed.", code=ErrorCode.ORDER_LOCKED)
    if order.status != OrderStatus.PAID:
        raise Conflict(
            "Only a paid order that has not been delivered can be changed.",
            code=ErrorCode.ORDER_LOCKED,
        )
    if line.finalisation == Finalisation.PROVISIONAL:
        raise Conflict(
            f"{line.ref} awaits finalisation: the designer sets its final configuration.",
            code=ErrorCode.NOT_FINAL,
        )
    override = clean_reason(override_reason, "override_reason")
    stage = line.production_stage
    if stage in FREE_STAGES:
        return Verdict(needs_workshop=False)
    if overridden:
        return Verdict(needs_workshop=False, override_reason=overridden)
    if stage == ProductionStage.ACCEPTED and not override:
        return Verdict(needs_workshop=True)
    if not override:
        raise Conflict(
            f"{line.ref} is already in production: it can no longer be changed.",
            code=ErrorCode.IN_PRODUCTION,
        )
    if not actor.has_perm(Cap.MANAGE_PRODUCTION.perm):
        raise PermissionDenied("Only a production manager can override the production lock.")
    return Verdict(needs_workshop=False, override_reason=override)


def clean_reason(reason, field: str = "reason") -> str:
    reason = reason.strip() if isinstance(reason, str) else ""
    if len(reason) > MAX_REASON:
        raise ValidationFailed(f"{field}: at most {MAX_REASON} characters.", field=field)
    return reason
