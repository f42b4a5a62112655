"""Quotations and sales orders (one table, moved by `sales.transitions`), their lines and
the addresses they ship and bill to.

A line keeps what was sold: the variant or the configuration (options and sizes with
their names), the quantity, unit and line amounts (net, tax, gross), the discount and the
manufacturer, as they were at the time. Money is Decimal(14, 3) in the order's currency.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django_countries.fields import CountryField
from phonenumber_field.modelfields import PhoneNumberField

from atelier.core.money import Money
from atelier.sales.enums import (
    Finalisation,
    LineKind,
    OrderChannel,
    OrderFlag,
    OrderStatus,
    ProductionStage,
)
from atelier.sales.models._fields import amount


class Address(models.Model):
    """A postal address as given; never edited (a change makes a new row)."""

    name = models.CharField(max_length=160)
    company = models.CharField(max_length=160, blank=True)
    line1 = models.CharField(max_length=200)
    line2 = models.CharField(max_length=200, blank=True)
    postcode = models.CharField(max_length=20, blank=True)
    city = models.CharField(max_length=80)
    state = models.CharField(max_length=40, blank=True, help_text="US state code, province")
    country = CountryField()

    def __str__(self) -> str:
        return f"{self.name}, {self.city} ({self.country})"

    def as_dict(self) -> dict:
        fields = ("name", "company", "line1", "line2", "postcode", "city", "state")
        return {**{f: getattr(self, f) for f in fields}, "country": str(self.country)}

    def lines(self) -> list[str]:
        """The address as printed on an envelope."""
        city = " ".join(p for p in (self.postcode, self.city, self.state) if p)
        parts = [self.name, self.company, self.line1, self.line2, city, self.country.name]
        return [p for p in parts if p]


class SalesOrder(models.Model):
    number = models.CharField(max_length=20, unique=True, help_text="SO-YYYY-NNNNNN")
    status = models.CharField(
        max_length=12, choices=OrderStatus.choices, default=OrderStatus.DRAFT, db_index=True
    )
    channel = models.CharField(max_length=12, choices=OrderChannel.choices)
    region_code = models.CharField(max_length=20)
    currency = models.CharField(max_length=3)
    tax_display = models.CharField(max_length=12, help_text="included or added (price list)")
    # Who it belongs to: a customer account, or (guests) an e-mail address.
    customer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sales_orders",
    )
    email = models.EmailField(db_index=True)
    phone = PhoneNumberField(blank=True)
    # Text messages about this order (consent given at checkout; STOP still wins), in
    # `language` (the storefront's language at checkout; "" = from the shipping country).
    sms_opt_in = models.BooleanField(default=False)
    language = models.CharField(max_length=8, blank=True)
    shipping_address = models.ForeignKey(
        Address, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    billing_address = models.ForeignKey(
        Address, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    boutique = models.ForeignKey(
        "org.Boutique", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sales_rep = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="quotations_made",
    )
    # Shipping, chosen at checkout or by the representative.
    shipping_method = models.CharField(max_length=40, blank=True)
    shipping_method_name = models.CharField(max_length=120, blank=True)
    shipping_eta = models.CharField(max_length=120, blank=True)
    shipping_net = amount()
    shipping_tax = amount()
    shipping_gross = amount()
    # Totals (kept in step with the lines by the services).
    lines_gross = amount(help_text="Sum of the lines before discounts")
    discount_gross = amount()
    total_net = amount()
    total_tax = amount()
    total_gross = amount()
    amount_paid = amount()
    amount_refunded = amount(help_text="Money given back (payments' PaymentRefunded)")
    promotion_code = models.CharField(max_length=40, blank=True)
    promotion_ids = models.JSONField(default=list, blank=True)
    discounts = models.JSONField(default=list, blank=True, help_text="[{label, amount}]")
    loyalty_points_redeemed = models.PositiveIntegerField(default=0)
    loyalty_value = amount(help_text="What the redeemed points took off (in discount_gross)")
    # Click and collect: the boutique the customer collects from (stock held there).
    pickup_boutique = models.ForeignKey(
        "org.Boutique", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Checkout: one order per cart, replayed for the same Idempotency-Key.
    cart = models.OneToOneField(
        "sales.Cart", null=True, blank=True, on_delete=models.SET_NULL, related_name="order"
    )
    checkout_key = models.CharField(max_length=200, blank=True)
    access_salt = models.CharField(
        max_length=32, blank=True, help_text="With SECRET_KEY, makes the order's access token"
    )
    payment_due_at = models.DateTimeField(null=True, blank=True, db_index=True)
    flag = models.CharField(max_length=24, choices=OrderFlag.choices, blank=True, default="")
    flag_note = models.TextField(blank=True)
    note = models.TextField(blank=True, help_text="Internal note")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                name="order_totals_not_negative",
                condition=Q(total_gross__gte=0, total_net__gte=0, amount_paid__gte=0),
            ),
        ]
        indexes = [models.Index(fields=["status", "payment_due_at"], name="order_due_idx")]

    def __str__(self) -> str:
        return self.number

    def money(self, field: str) -> Money:
        return Money(getattr(self, field), self.currency)

    @property
    def total(self) -> Money:
        return self.money("total_gross")

    @property
    def is_quotation(self) -> bool:
        return self.status in (OrderStatus.DRAFT, OrderStatus.SENT)

    @property
    def balance_due(self) -> Money:
        return Money(max(self.total_gross - self.amount_paid, 0), self.currency)


class OrderLine(models.Model):
    order = models.ForeignKey(SalesOrder, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField()
    ref = models.CharField(max_length=12, help_text="Line reference given to inventory (L1, L2…)")
    kind = models.CharField(max_length=16, choices=LineKind.choices)
    variant = models.ForeignKey(
        "catalog.ProductVariant", on_delete=models.PROTECT, related_name="+"
    )
    sku = models.CharField(max_length=64)
    product_id = models.PositiveBigIntegerField()
    product_name = models.CharField(max_length=200)
    variant_name = models.CharField(max_length=200, blank=True)
    configuration = models.JSONField(
        default=dict, blank=True, help_text="options and dimensions with their names"
    )
    add_ons = models.JSONField(default=list, blank=True)
    manufacturer = models.ForeignKey(
        "org.Manufacturer", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    manufacturer_name = models.CharField(max_length=160, blank=True)
    lead_time_days = models.PositiveSmallIntegerField(null=True, blank=True)
    quantity = models.PositiveIntegerField()
    tax_rate = models.DecimalField(max_digits=6, decimal_places=3, default=0)
    unit_net = amount()
    unit_tax = amount()
    unit_gross = amount()
    line_net = amount(help_text="Before discount")
    line_tax = amount()
    line_gross = amount()
    discount_net = amount()
    discount_tax = amount()
    discount_gross = amount()
    # Made-to-order lines are paid first and finalised later (issue 8): each change of a
    # paid line is a new revision, settled by a credit note and a new invoice.
    finalisation = models.CharField(max_length=12, choices=Finalisation.choices)
    revision = models.PositiveSmallIntegerField(default=1)
    # The workshop's progress on this line, from purchasing's events only
    # (handlers.on_purchase_order_status): the change-after-purchase rules read it.
    production_stage = models.CharField(
        max_length=24, choices=ProductionStage.choices, default=ProductionStage.NONE
    )

    class Meta:
        ordering = ["order_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["order", "ref"], name="uniq_order_line_ref"),
            models.CheckConstraint(
                name="order_line_quantity_positive", condition=Q(quantity__gt=0)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order_id}/{self.ref}: {self.quantity} x {self.sku}"

    def money(self, field: str) -> Money:
        return Money(getattr(self, field), self.order.currency)

    @property
    def total_net(self):
        return self.line_net - self.discount_net

    @property
    def total_tax(self):
        return self.line_tax - self.discount_tax

    @property
    def total_gross(self):
        return self.line_gross - self.discount_gross

    @property
    def description(self) -> str:
        return " — ".join(p for p in (self.product_name, self.variant_name) if p)
