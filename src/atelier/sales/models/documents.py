"""Invoices and credit notes: posted money documents, written once and never edited.

A correction is a credit note against an invoice plus a new invoice (issue 8). Each has
its own lines (copied from the order lines at issue time) and a PDF in private storage.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from atelier.core.money import Money
from atelier.sales.models._fields import amount


def _private_storage():
    from django.core.files.storage import storages

    return storages["private"]


class _Document(models.Model):
    number = models.CharField(max_length=20, unique=True)
    issued_at = models.DateTimeField()
    currency = models.CharField(max_length=3)
    bill_to = models.JSONField(help_text="Name, e-mail and address at issue time")
    total_net = amount()
    total_tax = amount()
    total_gross = amount()
    pdf = models.FileField(storage=_private_storage, upload_to="sales/documents/%Y/", blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        abstract = True
        ordering = ["issued_at", "id"]

    def __str__(self) -> str:
        return self.number

    def money(self, field: str) -> Money:
        return Money(getattr(self, field), self.currency)


class _DocumentLine(models.Model):
    order_line = models.ForeignKey(
        "sales.OrderLine", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    revision = models.PositiveSmallIntegerField(default=1)
    description = models.CharField(max_length=300)
    sku = models.CharField(max_length=64, blank=True)
    quantity = models.PositiveIntegerField()
    tax_rate = models.DecimalField(max_digits=6, decimal_places=3, default=0)
    unit_net = amount()
    unit_gross = amount()
    discount_gross = amount()
    total_net = amount()
    total_tax = amount()
    total_gross = amount()

    class Meta:
        abstract = True
        ordering = ["id"]


class Invoice(_Document):
    order = models.ForeignKey("sales.SalesOrder", on_delete=models.PROTECT, related_name="invoices")

    class Meta(_Document.Meta):
        constraints = [
            models.CheckConstraint(
                name="invoice_total_not_negative", condition=Q(total_gross__gte=0)
            )
        ]


class InvoiceLine(_DocumentLine):
    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="lines")

    def __str__(self) -> str:
        return f"{self.invoice_id}: {self.quantity} x {self.description}"


class CreditNote(_Document):
    order = models.ForeignKey(
        "sales.SalesOrder", on_delete=models.PROTECT, related_name="credit_notes"
    )
    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="credit_notes")
    reason = models.TextField()

    class Meta(_Document.Meta):
        constraints = [
            models.CheckConstraint(
                name="credit_note_total_not_negative", condition=Q(total_gross__gte=0)
            )
        ]


class CreditNoteLine(_DocumentLine):
    credit_note = models.ForeignKey(CreditNote, on_delete=models.PROTECT, related_name="lines")

    def __str__(self) -> str:
        return f"{self.credit_note_id}: {self.quantity} x {self.description}"
