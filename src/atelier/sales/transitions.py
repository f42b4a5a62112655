"""The only way a quotation or sales order changes status.

    draft --send--> sent --confirm--> confirmed --invoice--> invoiced --paid--> paid
      ^               |                   |                                      |
      +----revise-----+                   |                                  deliver
      |               |                   |                                      v
   cancel          cancel (reason)    cancel (reason; nothing paid)          delivered
      v               v                   v                                      |
    cancelled <-------+-------------------+                                  complete
                                                                                 v
                                                                               done

Online checkout creates the quotation and sends it at once (awaiting payment); payment
confirms, invoices and marks it paid in one transaction. Invoiced or paid orders are
never cancelled here: they are corrected by credit notes (returns, issue 8).
"""

from __future__ import annotations

from atelier.accounts.roles import Cap
from atelier.core.statemachine import Transition, TransitionTable
from atelier.sales import deposits, events
from atelier.sales.enums import OrderStatus as S

MANAGE = Cap.MANAGE_ORDERS.perm


def has_lines(order, actor, context) -> str | None:
    if not order.lines.exists():
        return "Add at least one line first."
    return None


def has_contact(order, actor, context) -> str | None:
    if not order.email:
        return "Give the customer's e-mail address first."
    return None


def has_invoice(order, actor, context) -> str | None:
    if not order.invoices.exists():
        return "Issue the invoice first."
    return None


def fully_paid(order, actor, context) -> str | None:
    if order.amount_paid < order.total_gross:
        return f"{order.balance_due} is still due."
    return None


def nothing_paid(order, actor, context) -> str | None:
    if order.amount_paid > 0:
        return "Payments were received: refund them through a return or credit note."
    return None


def delivered_by_shipping(order, actor, context) -> str | None:
    """Only shipping's tracking says an order is delivered (issue 7)."""
    if not context.get("shipment"):
        return "Delivery is recorded from the shipment's tracking (shipping), not by hand."
    return None


def deposit_paid(order, actor, context) -> str | None:
    """Made to order (issue 8): an order whose final invoice waits for finalisation is
    paid once its checkout share (in full, or the category's deposit) is received."""
    if not deposits.awaits_final_invoice(order):
        return "Invoice the order first."
    if not deposits.deposit_covered(order):
        return f"{deposits.amount_due_now(order)} is still due."
    return None


TRANSITIONS: TransitionTable = {
    (S.DRAFT, S.SENT): Transition(
        guards=(has_lines, has_contact), event=events.QuotationSent, label="Send quotation"
    ),
    (S.SENT, S.DRAFT): Transition(permission=MANAGE, label="Revise quotation"),
    (S.SENT, S.CONFIRMED): Transition(
        permission=MANAGE, guards=(has_lines,), event=events.OrderConfirmed, label="Confirm"
    ),
    (S.CONFIRMED, S.INVOICED): Transition(
        permission=MANAGE, guards=(has_invoice,), event=events.OrderInvoiced, label="Invoice"
    ),
    (S.INVOICED, S.PAID): Transition(
        permission=MANAGE, guards=(fully_paid,), event=events.OrderPaid, label="Mark paid"
    ),
    (S.CONFIRMED, S.PAID): Transition(
        permission=MANAGE, guards=(deposit_paid,), event=events.OrderPaid, label="Deposit paid"
    ),
    (S.PAID, S.DELIVERED): Transition(
        guards=(delivered_by_shipping,), event=events.OrderDelivered, label="Delivered"
    ),
    (S.DELIVERED, S.DONE): Transition(
        permission=MANAGE, event=events.OrderCompleted, label="Complete"
    ),
    (S.DRAFT, S.CANCELLED): Transition(
        permission=MANAGE, event=events.OrderCancelled, label="Cancel"
    ),
    (S.SENT, S.CANCELLED): Transition(
        permission=MANAGE, requires_reason=True, event=events.OrderCancelled, label="Cancel"
    ),
    (S.CONFIRMED, S.CANCELLED): Transition(
        permission=MANAGE,
        requires_reason=True,
        guards=(nothing_paid,),
        event=events.OrderCancelled,
        label="Cancel",
    ),
}
