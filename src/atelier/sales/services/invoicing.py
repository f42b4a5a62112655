"""Invoices: a gap-free number (INV-YYYY-NNNNNN), lines copied from the order, and a PDF
in private storage, written once. Never edited afterwards: corrections are credit notes
and new invoices (issue 8)."""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from atelier.core.actor import Actor
from atelier.core.numbering import next_number
from atelier.sales import documents
from atelier.sales.models import Invoice, InvoiceLine, SalesOrder

INVOICE_PREFIX = "INV"


def invoice_issue(*, order: SalesOrder, actor: Actor) -> Invoice:
    """Invoice every line and the delivery of `order` (called with the order locked)."""
    with transaction.atomic():
        invoice = Invoice(
            number=next_number(INVOICE_PREFIX),
            order=order,
            issued_at=timezone.now(),
            currency=order.currency,
            bill_to=bill_to(order),
            total_net=order.total_net,
            total_tax=order.total_tax,
            total_gross=order.total_gross,
        )
        lines = invoice_lines(order)
        pdf = documents.render_pdf(
            "sales/documents/invoice.html", {"invoice": invoice, "lines": lines, "order": order}
        )
        invoice.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
        invoice.pdf.save(f"{invoice.number}.pdf", ContentFile(pdf), save=False)
        invoice.save()
        for line in lines:
            line.invoice = invoice
        InvoiceLine.objects.bulk_create(lines)
    return invoice


def bill_to(order: SalesOrder) -> dict:
    address = order.billing_address or order.shipping_address
    return {
        "email": order.email,
        "phone": str(order.phone or ""),
        "address": address.as_dict() if address else {},
        "lines": address.lines() if address else [order.email],
    }


def invoice_lines(order: SalesOrder) -> list[InvoiceLine]:
    lines = [
        InvoiceLine(
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
        )
        for line in order.lines.order_by("position")
    ]
    if order.shipping_method:
        lines.append(_shipping_line(order, lines))
    return lines


def _describe(line) -> str:
    parts = [line.description]
    options = (line.configuration or {}).get("options", [])
    parts += [f"{o['group_name']}: {o['choice_name']}" for o in options]
    sizes = (line.configuration or {}).get("custom_dimensions", [])
    parts += [f"{c['axis']} {c['requested_cm']} cm" for c in sizes]
    return "; ".join(parts)[:300]


def _shipping_line(order: SalesOrder, lines: list[InvoiceLine]) -> InvoiceLine:
    rate = max((line.tax_rate for line in lines), default=0)
    return InvoiceLine(
        description=f"Delivery: {order.shipping_method_name}",
        quantity=1,
        tax_rate=rate,
        unit_net=order.shipping_net,
        unit_gross=order.shipping_gross,
        total_net=order.shipping_net,
        total_tax=order.shipping_tax,
        total_gross=order.shipping_gross,
    )
