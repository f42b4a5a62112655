"""Made to order, pay first and finalise later (issue 8).

`line_finalise` (a designer) sets the final configuration of a line sold provisionally,
within the product's allowed options and ranges, priced with the price rules in force on
the order date. The difference is settled at once: money beyond the order's total is
refunded (partially, from the original payment); when no line awaits finalisation any
more the final invoice is issued (unless `SALES_FINAL_INVOICE_AT=delivery`) with the
deposits applied, and a balance still due is asked for by a payment link (e-mail).

Shared with `changes`: pricing a line again on the order date, moving order totals,
invoices and credit notes for single lines, partial refunds.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from atelier.accounts.roles import Cap
from atelier.catalog import facade as catalog
from atelier.core.actor import Actor, system_actor
from atelier.core.errors import Conflict, NotFound, ValidationFailed
from atelier.core.events import publish
from atelier.core.money import Money
from atelier.core.numbering import next_number
from atelier.pricing import facade as pricing
from atelier.sales import deposits, documents, paying
from atelier.sales.enums import ErrorCode, Finalisation, LineKind, OrderStatus, PaymentPurpose
from atelier.sales.events import LineFinalised
from atelier.sales.models import (
    CreditNote,
    CreditNoteLine,
    DepositReceipt,
    Invoice,
    InvoiceLine,
    OrderLine,
    SalesOrder,
)
from atelier.sales.services import _building as build
from atelier.sales.services._common import locked_order, record_change, require
from atelier.sales.services.invoicing import INVOICE_PREFIX, _describe, bill_to, invoice_issue
from atelier.sales.services.notifications import payment_link_enqueue

log = logging.getLogger(__name__)
DEPOSIT_PREFIX = "DEP"
CREDIT_NOTE_PREFIX = "CN"
AMOUNT_FIELDS = (
    "tax_rate",
    "unit_net",
    "unit_tax",
    "unit_gross",
    "line_net",
    "line_tax",
    "line_gross",
)
DOC_LINE_FIELDS = (
    "description",
    "sku",
    "quantity",
    "tax_rate",
    "unit_net",
    "unit_gross",
    "discount_gross",
    "total_net",
    "total_tax",
    "total_gross",
)
FINALISABLE = (OrderStatus.CONFIRMED, OrderStatus.PAID)


@dataclass(frozen=True)
class Settlement:
    """What a finalisation or change did with money."""

    difference: Money  # new line total - old line total (gross)
    refunded: Money
    requested: Money  # asked for by a payment link / payment
    payment_url: str = ""


# --- Deposits ----------------------------------------------------------------------------


def deposit_receipt_record(*, order: SalesOrder, payment_id: str, amount: Money) -> DepositReceipt:
    """Acknowledge money received before the final invoice (in the payment's transaction)."""
    return DepositReceipt.objects.create(
        number=next_number(DEPOSIT_PREFIX),
        order=order,
        payment_id=payment_id,
        currency=amount.currency,
        amount=amount.amount,
        received_at=timezone.now(),
    )


def final_invoice_issue(*, order: SalesOrder, actor: Actor) -> Invoice:
    """The whole order on one invoice; the deposits received are applied to it."""
    invoice = invoice_issue(order=order, actor=actor)
    applied = DepositReceipt.objects.filter(order=order, applied_to__isnull=True)
    total = sum((r.amount for r in applied), Decimal(0))
    applied.update(applied_to=invoice)
    record_change(order, actor, f"Final invoice {invoice.number}; deposits applied: {total}")
    return invoice


def final_invoice_if_due(*, order: SalesOrder, at: str, actor: Actor) -> Invoice | None:
    """Issue the final invoice when `at` ("finalisation"/"delivery") is its moment."""
    if deposits.invoice_due_now(order, at=at):
        return final_invoice_issue(order=order, actor=actor)
    return None


# --- Finalisation ------------------------------------------------------------------------


def line_finalise(
    *,
    order: SalesOrder,
    line_id: int,
    actor: Actor,
    options=None,
    dimensions=None,
    variant_id: int | None = None,
    note: str = "",
) -> tuple[OrderLine, Settlement]:
    """Set the final configuration of a line awaiting finalisation (see module doc)."""
    require(actor, Cap.FINALISE_CONFIGURATIONS.perm, "Only a designer can finalise a line.")
    note = _clean_note(note)
    with transaction.atomic():
        order = locked_order(order)
        line = _line(order, line_id)
        _check_finalisable(order, line)
        amounts = reprice(
            order, line, variant_id=variant_id, options=options, dimensions=dimensions
        )
        old = Decimal(line.total_gross)
        set_line(order, line, amounts, finalisation=Finalisation.FINAL)
        difference = Money(Decimal(line.total_gross) - old, order.currency)
        record_change(
            order,
            actor,
            f"{line.ref} finalised: {amounts['summary']} (difference {difference})"
            + (f". {note}" if note else ""),
        )
        final_invoice_if_due(order=order, at="finalisation", actor=actor)
        refunded = refund_excess(order, key=f"finalise:{order.number}:{line.ref}", actor=actor)
        requested = _balance_to_request(order)
        publish(
            LineFinalised(
                order_ref=order.number,
                line_ref=line.ref,
                revision=line.revision,
                variant_id=line.variant_id,
            )
        )
    url = balance_request_send(order=order, amount=requested) if requested else ""
    return line, Settlement(difference, refunded, requested, url)


def _clean_note(note) -> str:
    note = (note or "").strip() if isinstance(note, str) else ""
    if len(note) > 500:
        raise ValidationFailed("note: at most 500 characters.", field="note")
    return note


def _line(order: SalesOrder, line_id) -> OrderLine:
    line = None
    if isinstance(line_id, int) or str(line_id).isdigit():
        line = order.lines.filter(pk=int(line_id)).first()
    if line is None:
        raise NotFound("No such line on this order.")
    return line


def _check_finalisable(order: SalesOrder, line: OrderLine) -> None:
    if order.status == OrderStatus.CANCELLED:
        raise Conflict("The order is cancelled.", code=ErrorCode.ORDER_LOCKED)
    if line.kind != LineKind.MADE_TO_ORDER:
        raise ValidationFailed(
            f"{line.ref} is sold from stock: nothing to finalise.",
            code=ErrorCode.NOT_MADE_TO_ORDER,
        )
    if line.finalisation != Finalisation.PROVISIONAL:
        raise Conflict(
            f"{line.ref} is already finalised: request a change instead.",
            code=ErrorCode.ALREADY_FINAL,
        )
    if order.status not in FINALISABLE or not order.amount_paid:
        raise Conflict("The order is not paid yet.", code=ErrorCode.ORDER_LOCKED)


# --- Pricing a line again on the order date ---------------------------------------------


def order_date(order: SalesOrder):
    return timezone.localdate(order.created_at)


def reprice(order: SalesOrder, line: OrderLine, *, variant_id=None, options=None, dimensions=None):
    """The line's fields for a new configuration (validated by the catalog: allowed
    options and ranges), priced by the rules in force on the order date. Raises
    ValidationFailed (outside the ranges, not sold in the region…), writes nothing."""
    variant = _variant(line, variant_id)
    if options is not None and not isinstance(options, dict):
        raise ValidationFailed("options: {group: choice}.", field="options")
    if dimensions is not None and not isinstance(dimensions, dict):
        raise ValidationFailed('dimensions: {"width": "260"}.', field="dimensions")
    current = build.line_input(line)
    address = order.shipping_address
    quote = pricing.quote(
        variant_id=variant.id,
        region_code=order.region_code,
        quantity=line.quantity,
        options=current.options if options is None else options,
        dimensions=current.dimensions if dimensions is None else dimensions,
        on=order_date(order),
        as_of=order.created_at,  # option and size add-ons as they stood when ordered
        country=str(address.country) if address else None,
        state=(address.state or None) if address else None,
    )
    configuration = build.configuration_json(quote.configuration)
    return {
        "variant_id": variant.id,
        "sku": variant.sku,
        "variant_name": variant.name or ", ".join(v for _, v in variant.attributes),
        "configuration": configuration,
        "add_ons": [
            {"kind": a.kind, "code": a.code, "label": a.label, "amount": str(a.amount.amount)}
            for a in quote.add_ons
        ],
        "tax_rate": str(quote.tax_rate),
        "unit_net": str(quote.unit_net.amount),
        "unit_tax": str(quote.unit_tax.amount),
        "unit_gross": str(quote.unit_gross.amount),
        "line_net": str(quote.line_net.amount),
        "line_tax": str(quote.line_tax.amount),
        "line_gross": str(quote.line_gross.amount),
        "summary": describe(variant.sku, configuration),
    }


def _variant(line: OrderLine, variant_id):
    if variant_id is None or variant_id == line.variant_id:
        return catalog.get_variant(line.variant_id)
    if not isinstance(variant_id, int) or isinstance(variant_id, bool):
        raise ValidationFailed("variant_id: a whole number.", field="variant_id")
    try:
        variant = catalog.get_variant(variant_id)
    except NotFound:
        variant = None
    if variant is None or variant.product_id != line.product_id or not variant.is_active:
        raise ValidationFailed(
            "variant_id: choose another version of the same piece.", field="variant_id"
        )
    return variant


def describe(sku: str, configuration: dict) -> str:
    parts = [sku]
    parts += [f"{o['group_name']}: {o['choice_name']}" for o in configuration.get("options", [])]
    sizes = configuration.get("custom_dimensions", [])
    parts += [f"{d['axis']} {d['requested_cm']} cm" for d in sizes]
    return "; ".join(parts)[:300]


def new_total_gross(line: OrderLine, amounts: dict) -> Decimal:
    return Decimal(amounts["line_gross"]) - Decimal(line.discount_gross)


def set_line(order: SalesOrder, line: OrderLine, amounts: dict, **changes) -> None:
    """Put the new configuration and amounts on the line (the discount stays) and move
    the order's totals by the difference. Both rows saved."""
    before = (line.total_net, line.total_tax, line.total_gross, line.line_gross)
    line.variant_id = amounts["variant_id"]
    line.sku, line.variant_name = amounts["sku"], amounts["variant_name"]
    line.configuration, line.add_ons = amounts["configuration"], amounts["add_ons"]
    for name in AMOUNT_FIELDS:
        setattr(line, name, Decimal(amounts[name]))
    for name, value in changes.items():
        setattr(line, name, value)
    line.save()
    after = (line.total_net, line.total_tax, line.total_gross, line.line_gross)
    net, tax, gross, lines_gross = (a - b for a, b in zip(after, before, strict=True))
    order.total_net += net
    order.total_tax += tax
    order.total_gross += gross
    order.lines_gross += lines_gross
    order.save(update_fields=["total_net", "total_tax", "total_gross", "lines_gross", "updated_at"])


# --- Money: refunds, payment requests ---------------------------------------------------


def refund_excess(order: SalesOrder, *, key: str, actor: Actor) -> Money:
    """Refund what was paid beyond the order's total (after a decrease)."""
    excess = net_received(order).amount - Decimal(order.total_gross)
    if excess <= 0:
        return Money.zero(order.currency)
    money = Money(excess, order.currency)
    return refund(order, money, key=key, reason="Price lowered", actor=actor)


def refund(order: SalesOrder, amount: Money, *, key: str, reason: str, actor: Actor) -> Money:
    """Refund `amount` from the order's payments, newest first (inside the transaction:
    the refunds leave through the payments outbox). `amount_paid` stays what was
    received; the order's `amount_refunded` follows PaymentRefunded (services.refunds)."""
    left = amount.amount
    for payment in reversed(paying.payments_for_order(order.number)):
        take = min(left, payment.refundable.amount)
        if take <= 0:
            continue
        paying.refund(
            payment_id=payment.payment_id,
            amount=Money(take, order.currency),
            reason=reason,
            idempotency_key=f"sales:{key}:{payment.payment_id}",
            actor=actor,
        )
        left -= take
        if left <= 0:
            break
    if left > 0:
        raise Conflict(f"Only {amount.amount - left} of {amount} can be refunded.")
    return amount


def net_received(order: SalesOrder) -> Money:
    """Money received for the order less refunds asked for (the payments' own record;
    the order's `amount_refunded` follows when the provider confirms each refund)."""
    payments = paying.payments_for_order(order.number)
    return Money(sum((p.refundable.amount for p in payments), Decimal(0)), order.currency)


def _balance_to_request(order: SalesOrder) -> Money:
    """The balance to ask for once nothing awaits finalisation (deposit orders)."""
    if deposits.has_provisional_lines(order) or order.status == OrderStatus.CANCELLED:
        return Money.zero(order.currency)
    due = Decimal(order.total_gross) - net_received(order).amount
    return Money(max(due, Decimal(0)), order.currency)


def balance_request_send(*, order: SalesOrder, amount: Money) -> str:
    """A payment link for the balance, e-mailed (after commit: it asks the provider)."""
    try:
        url = paying.link_create(
            order=order,
            amount=amount.rounded(),
            actor=system_actor("made to order"),
            purpose=PaymentPurpose.BALANCE,
        )
    except Exception:
        log.exception("balance payment link for %s could not be created", order.number)
        return ""
    digest = hashlib.sha256(url.encode()).hexdigest()
    with transaction.atomic():
        payment_link_enqueue(
            order=order,
            url=url,
            amount=amount,
            via="email",
            key=f"sales:balance-link:{order.number}:{digest}",
            purpose=PaymentPurpose.BALANCE,
        )
    return url


# --- Documents for one line (changes) ---------------------------------------------------


def _doc_line(cls, line: OrderLine, **fields):
    return cls(
        order_line=line,
        revision=line.revision,
        description=_describe(line),
        sku=line.sku,
        quantity=line.quantity,
        tax_rate=line.tax_rate,
        unit_net=line.unit_net,
        unit_gross=line.unit_gross,
        discount_gross=line.discount_gross,
        total_net=line.total_net,
        total_tax=line.total_tax,
        total_gross=line.total_gross,
        **fields,
    )


def _with_pdf(document, template: str, lines, order: SalesOrder):
    pdf = documents.render_pdf(template, {"invoice": document, "lines": lines, "order": order})
    document.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
    document.pdf.save(f"{document.number}.pdf", ContentFile(pdf), save=False)
    document.save()


def line_invoice_issue(*, order: SalesOrder, line: OrderLine) -> Invoice:
    """A new invoice carrying only `line` (its current revision)."""
    invoice = Invoice(
        number=next_number(INVOICE_PREFIX),
        order=order,
        issued_at=timezone.now(),
        currency=order.currency,
        bill_to=bill_to(order),
        total_net=line.total_net,
        total_tax=line.total_tax,
        total_gross=line.total_gross,
    )
    doc_line = _doc_line(InvoiceLine, line)
    _with_pdf(invoice, "sales/documents/invoice.html", [doc_line], order)
    doc_line.invoice = invoice
    doc_line.save()
    return invoice


def line_credit_note_issue(*, order: SalesOrder, line: OrderLine, reason: str) -> CreditNote:
    """A credit note reversing the invoice line of `line`'s current revision."""
    invoiced = (
        InvoiceLine.objects.filter(order_line=line, revision=line.revision)
        .select_related("invoice")
        .order_by("-id")
        .first()
    )
    if invoiced is None:
        raise Conflict(f"{line.ref} revision {line.revision} was never invoiced.")
    note = CreditNote(
        number=next_number(CREDIT_NOTE_PREFIX),
        order=order,
        invoice=invoiced.invoice,
        reason=reason,
        issued_at=timezone.now(),
        currency=order.currency,
        bill_to=bill_to(order),
        total_net=invoiced.total_net,
        total_tax=invoiced.total_tax,
        total_gross=invoiced.total_gross,
    )
    fields = {f: getattr(invoiced, f) for f in DOC_LINE_FIELDS}
    doc_line = CreditNoteLine(order_line=line, revision=line.revision, **fields)
    _with_pdf(note, "sales/documents/credit_note.html", [doc_line], order)
    doc_line.credit_note = note
    doc_line.save()
    return note


def line_is_invoiced(line: OrderLine) -> bool:
    return InvoiceLine.objects.filter(order_line=line, revision=line.revision).exists()
