"""The status tables of the inventory's documents (see docs/contexts/inventory.md).

Transfer:

    requested --ship (manage_stock)--> shipped --receive (manage_stock)--> received
        |
        +--cancel (manage_stock, reason)--> cancelled

Cycle count sheet:

    open --submit--> submitted --approve (all lines counted)--> approved
      ^                 |
      +---recount (reason)
    open / submitted --cancel (reason)--> cancelled

Reservation (no permission: sales calls the facade for its own orders):

    pending --confirm--> confirmed --fulfil--> fulfilled
    pending --expire--> expired
    pending / confirmed --release--> released

Replenishment proposal:

    proposed ------------------------------+--convert--> converted
    awaiting_approval --approve--> approved +
    proposed / awaiting_approval / approved --reject (reason)--> rejected

Which rows an actor may act on (their locations) is decided by `access.py`; these
tables say which moves exist and which capability each needs.
"""

from __future__ import annotations

from atelier.accounts.roles import Cap
from atelier.core.statemachine import Transition, TransitionTable
from atelier.inventory import events
from atelier.inventory.enums import CountStatus as C
from atelier.inventory.enums import ProposalStatus as P
from atelier.inventory.enums import ReservationStatus as R
from atelier.inventory.enums import TransferStatus as T

MANAGE_STOCK = Cap.MANAGE_STOCK.perm
# Approving spend over a category's budget (its own capability, see docs/roles.md).
APPROVE_BUDGET = Cap.APPROVE_REPLENISHMENT.perm


def has_lines(obj, actor, context) -> str | None:
    if not obj.lines.exists():
        return "Add at least one line first."
    return None


def all_lines_counted(sheet, actor, context) -> str | None:
    missing = sheet.lines.filter(counted__isnull=True).count()
    if missing:
        return f"{missing} line(s) have no counted quantity yet."
    return None


TRANSFER_TRANSITIONS: TransitionTable = {
    (T.REQUESTED, T.SHIPPED): Transition(
        permission=MANAGE_STOCK, guards=(has_lines,), event=events.TransferShipped, label="Ship"
    ),
    (T.SHIPPED, T.RECEIVED): Transition(
        permission=MANAGE_STOCK, event=events.TransferReceived, label="Receive"
    ),
    (T.REQUESTED, T.CANCELLED): Transition(
        permission=MANAGE_STOCK,
        requires_reason=True,
        event=events.TransferCancelled,
        label="Cancel",
    ),
}

COUNT_TRANSITIONS: TransitionTable = {
    (C.OPEN, C.SUBMITTED): Transition(
        permission=MANAGE_STOCK, guards=(has_lines,), label="Submit for review"
    ),
    (C.SUBMITTED, C.APPROVED): Transition(
        permission=MANAGE_STOCK,
        guards=(all_lines_counted,),
        event=events.CountApproved,
        label="Approve and adjust",
    ),
    (C.SUBMITTED, C.OPEN): Transition(
        permission=MANAGE_STOCK, requires_reason=True, label="Send back for recount"
    ),
    (C.OPEN, C.CANCELLED): Transition(
        permission=MANAGE_STOCK, requires_reason=True, label="Cancel"
    ),
    (C.SUBMITTED, C.CANCELLED): Transition(
        permission=MANAGE_STOCK, requires_reason=True, label="Cancel"
    ),
}

RESERVATION_TRANSITIONS: TransitionTable = {
    (R.PENDING, R.CONFIRMED): Transition(label="Confirm (paid)"),
    (R.PENDING, R.EXPIRED): Transition(label="Expire (unpaid)"),
    (R.PENDING, R.RELEASED): Transition(requires_reason=True, label="Release"),
    (R.CONFIRMED, R.RELEASED): Transition(requires_reason=True, label="Release"),
    (R.CONFIRMED, R.FULFILLED): Transition(label="Fulfil (shipped)"),
}

PROPOSAL_TRANSITIONS: TransitionTable = {
    (P.AWAITING_APPROVAL, P.APPROVED): Transition(
        permission=APPROVE_BUDGET, event=events.ProposalApproved, label="Approve over budget"
    ),
    (P.PROPOSED, P.CONVERTED): Transition(permission=MANAGE_STOCK, label="Convert"),
    (P.APPROVED, P.CONVERTED): Transition(permission=MANAGE_STOCK, label="Convert"),
    (P.PROPOSED, P.REJECTED): Transition(
        permission=MANAGE_STOCK, requires_reason=True, label="Reject"
    ),
    (P.AWAITING_APPROVAL, P.REJECTED): Transition(
        permission=APPROVE_BUDGET, requires_reason=True, label="Reject"
    ),
    (P.APPROVED, P.REJECTED): Transition(
        permission=MANAGE_STOCK, requires_reason=True, label="Reject"
    ),
}
