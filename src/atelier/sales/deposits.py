"""Made to order, pay first and finalise later (issue 8): how much of an order is due at
checkout, and whether its payments are still customer deposits.

An order with a line awaiting finalisation is paid in full, or by a deposit: the share
of each such line given by `settings.SALES_DEPOSIT_PERCENT_BY_CATEGORY` ({category slug:
percent}; a product in a sub-category takes its nearest listed ancestor's; unlisted:
100). Everything else (stock lines, finalised lines, delivery) is due in full.

Until the order's final invoice is issued (at the last finalisation, or at delivery per
`SALES_FINAL_INVOICE_AT`) the money received is a customer deposit, acknowledged by a
deposit receipt, not revenue; the final invoice carries the whole order and the deposits
are applied to it.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings

from atelier.catalog import facade as catalog
from atelier.core.money import Money
from atelier.sales.enums import Finalisation, LineKind, OrderStatus

HUNDRED = Decimal(100)


def has_provisional_lines(order) -> bool:
    return any(line.finalisation == Finalisation.PROVISIONAL for line in order.lines.all())


def awaits_final_invoice(order) -> bool:
    """True while payments of `order` are deposits: it has made-to-order lines, is not
    cancelled, and its final invoice is not issued yet."""
    if order.status == OrderStatus.CANCELLED:
        return False
    lines = list(order.lines.all())
    if not any(line.kind == LineKind.MADE_TO_ORDER for line in lines):
        return False
    return not order.invoices.exists()


def invoice_due_now(order, *, at: str) -> bool:
    """Whether the final invoice is issued at this moment ("finalisation"/"delivery")."""
    if not awaits_final_invoice(order) or has_provisional_lines(order):
        return False
    return at == "delivery" or settings.SALES_FINAL_INVOICE_AT != "delivery"


def deposit_percent(variant_id: int) -> Decimal:
    """Percent of a provisional line paid at checkout (100 when no category says less)."""
    table = settings.SALES_DEPOSIT_PERCENT_BY_CATEGORY or {}
    if not table:
        return HUNDRED
    ids = catalog.category_ids_by_slug(table)
    percent_by_id = {ids[slug]: pct for slug, pct in table.items() if slug in ids}
    path = catalog.variant_category_paths([variant_id]).get(variant_id, ())
    for category_id in reversed(path):
        if category_id in percent_by_id:
            return min(max(Decimal(percent_by_id[category_id]), Decimal(0)), HUNDRED)
    return HUNDRED


def amount_due_now(order) -> Money:
    """What the customer pays at checkout: everything, less the part of each provisional
    line that waits for finalisation. Never more than the balance due."""
    waiting = Decimal(0)
    for line in order.lines.all():
        if line.finalisation == Finalisation.PROVISIONAL:
            share = (HUNDRED - deposit_percent(line.variant_id)) / HUNDRED
            waiting += Decimal(line.total_gross) * share
    due = Decimal(order.total_gross) - waiting
    due = due.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    due = min(due - Decimal(order.amount_paid), order.balance_due.amount)
    return Money(max(due, Decimal(0)), order.currency)


def deposit_covered(order) -> bool:
    """The checkout's share is paid (the order may go to production)."""
    return order.amount_paid > 0 and amount_due_now(order).amount == 0
