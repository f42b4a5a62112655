"""The only way a purchase order changes status.

    draft --release (checklist)--> awaiting_manufacturer --accept--> accepted
      ^                                   |                              |
      +--reassign (reason)-- declined <---+ decline (reason)           start
                                                                         v
    draft | awaiting_manufacturer | declined --cancel (reason)-->   in_production
                                   cancelled                             |
                                                                      complete
                                                                         v
                                                                     completed

Accept, decline, start and complete are the workshop's answers (or a production manager
acting for it): services check that through `access.get_purchase_order_for(...,
action="respond")` before moving. Events are published by the services (they carry the
PO's number and line refs), see `EVENTS`.
"""

from __future__ import annotations

from atelier.accounts.roles import Cap
from atelier.core.statemachine import Transition, TransitionTable
from atelier.purchasing import events
from atelier.purchasing.enums import POStatus as S


def checklist_passes(po, actor, context) -> str | None:
    from atelier.purchasing.checklist import failing

    bad = failing(po)
    if bad:
        return "Release checklist: " + "; ".join(f"{i.label}: {i.detail}" for i in bad)
    return None


RELEASE = Cap.RELEASE_PURCHASE_ORDERS.perm
RAISE = Cap.RAISE_PURCHASE_ORDERS.perm
PRODUCTION = Cap.MANAGE_PRODUCTION.perm

TRANSITIONS: TransitionTable = {
    (S.DRAFT, S.AWAITING_MANUFACTURER): Transition(
        permission=RELEASE, guards=(checklist_passes,), label="Release to workshop"
    ),
    (S.AWAITING_MANUFACTURER, S.ACCEPTED): Transition(label="Accept"),
    (S.AWAITING_MANUFACTURER, S.DECLINED): Transition(label="Decline", requires_reason=True),
    (S.ACCEPTED, S.IN_PRODUCTION): Transition(label="Start production"),
    (S.IN_PRODUCTION, S.COMPLETED): Transition(label="Complete"),
    (S.DECLINED, S.DRAFT): Transition(
        permission=PRODUCTION, label="Reassign", requires_reason=True
    ),
    (S.DRAFT, S.CANCELLED): Transition(permission=RAISE, label="Cancel", requires_reason=True),
    (S.AWAITING_MANUFACTURER, S.CANCELLED): Transition(
        permission=RAISE, label="Cancel", requires_reason=True
    ),
    (S.DECLINED, S.CANCELLED): Transition(permission=RAISE, label="Cancel", requires_reason=True),
}

EVENTS = {
    S.AWAITING_MANUFACTURER: events.PurchaseOrderReleased,
    S.ACCEPTED: events.PurchaseOrderAccepted,
    S.DECLINED: events.PurchaseOrderDeclined,
    S.IN_PRODUCTION: events.PurchaseOrderProductionStarted,
    S.COMPLETED: events.PurchaseOrderCompleted,
    S.CANCELLED: events.PurchaseOrderCancelled,
}

TIMESTAMPS = {
    S.AWAITING_MANUFACTURER: "released_at",
    S.ACCEPTED: "accepted_at",
    S.DECLINED: "declined_at",
    S.IN_PRODUCTION: "started_at",
    S.COMPLETED: "completed_at",
    S.CANCELLED: "cancelled_at",
}
