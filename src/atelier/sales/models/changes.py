"""Made to order (issue 8): customer deposits held until a line is finalised, and
changes after purchase.

A `DepositReceipt` (DEP-YYYY-NNNNNN) acknowledges money received for an order that still
has lines awaiting finalisation: a liability, not revenue. It is written once; the final
invoice it is applied to is set once, when that invoice is issued.

A `ChangeRequest` (CR-YYYY-NNNNNN) proposes a new configuration (or variant of the same
product) for one paid line, priced with the price rules of the order date. Its status
moves through `sales.changes_rules.CHANGE_TRANSITIONS`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from atelier.core.money import Money
from atelier.sales.enums import ChangeRequester, ChangeStatus
from atelier.sales.models._fields import amount


class DepositReceipt(models.Model):
    number = models.CharField(max_length=20, unique=True, help_text="DEP-YYYY-NNNNNN")
    order = models.ForeignKey(
        "sales.SalesOrder", on_delete=models.PROTECT, related_name="deposit_receipts"
    )
    payment_id = models.CharField(max_length=64)
    currency = models.CharField(max_length=3)
    amount = amount()
    received_at = models.DateTimeField()
    applied_to = models.ForeignKey(
        "sales.Invoice",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="deposits_applied",
        help_text="The final invoice this deposit was applied to",
    )

    class Meta:
        ordering = ["received_at", "id"]

    def __str__(self) -> str:
        return self.number

    def money(self) -> Money:
        return Money(self.amount, self.currency)


class ChangeRequest(models.Model):
    ref = models.CharField(max_length=20, unique=True, help_text="CR-YYYY-NNNNNN")
    order = models.ForeignKey(
        "sales.SalesOrder", on_delete=models.PROTECT, related_name="change_requests"
    )
    line = models.ForeignKey(
        "sales.OrderLine", on_delete=models.PROTECT, related_name="change_requests"
    )
    requested_by = models.CharField(max_length=10, choices=ChangeRequester.choices)
    requested_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        max_length=20, choices=ChangeStatus.choices, default=ChangeStatus.PROPOSED, db_index=True
    )
    from_revision = models.PositiveSmallIntegerField()
    # What the line becomes: the variant, and the configuration as sales keeps it on lines.
    variant = models.ForeignKey(
        "catalog.ProductVariant", on_delete=models.PROTECT, related_name="+"
    )
    options = models.JSONField(default=dict, blank=True, help_text="{group code: choice code}")
    dimensions = models.JSONField(default=dict, blank=True, help_text='{"width": "260"}')
    configuration = models.JSONField(default=dict, blank=True)
    summary = models.CharField(max_length=300)
    # Priced on the order date's rules: the new line and the difference (gross).
    currency = models.CharField(max_length=3)
    new_amounts = models.JSONField(default=dict, help_text="Line amounts of the new revision")
    old_total_gross = amount()
    new_total_gross = amount()
    difference = models.DecimalField(max_digits=14, decimal_places=3, default=0)
    needs_workshop = models.BooleanField(default=False)
    override_reason = models.TextField(blank=True, help_text="Production manager's override")
    reason = models.TextField(blank=True, help_text="Why it was refused or cancelled")
    payment_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.ref

    @property
    def difference_money(self) -> Money:
        return Money(self.difference, self.currency)
