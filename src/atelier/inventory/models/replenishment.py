"""Replenishment rules per (variant, location), category budgets and the run's proposals."""

from decimal import Decimal

from django.db import models
from django.db.models import F, Q

from atelier.inventory.enums import ProposalKind, ProposalStatus


class ReplenishmentRule(models.Model):
    """Keep (on hand - reserved + on its way) between min and max, scaled by the season."""

    variant = models.ForeignKey(
        "catalog.ProductVariant", on_delete=models.PROTECT, related_name="+"
    )
    location = models.ForeignKey(
        "inventory.Location", on_delete=models.PROTECT, related_name="replenishment_rules"
    )
    min_quantity = models.PositiveIntegerField()
    max_quantity = models.PositiveIntegerField()
    reorder_multiple = models.PositiveIntegerField(default=1)
    minimum_order_quantity = models.PositiveIntegerField(default=1)
    supplier_lead_time_days = models.PositiveSmallIntegerField(default=0)
    seasonality_factor = models.DecimalField(max_digits=4, decimal_places=2, default=Decimal("1"))
    unit_cost = models.DecimalField(
        max_digits=12, decimal_places=2, null=True, blank=True, help_text="Estimated purchase cost."
    )
    currency = models.CharField(max_length=3, blank=True)
    is_active = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["location_id", "variant_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["location", "variant"], name="uniq_rule_location_variant"
            ),
            models.CheckConstraint(
                name="rule_min_within_max", condition=Q(min_quantity__lte=F("max_quantity"))
            ),
            models.CheckConstraint(
                name="rule_multiples_positive",
                condition=Q(reorder_multiple__gt=0, minimum_order_quantity__gt=0),
            ),
            models.CheckConstraint(
                name="rule_seasonality_positive", condition=Q(seasonality_factor__gt=0)
            ),
            models.CheckConstraint(
                name="rule_cost_has_currency",
                condition=Q(unit_cost__isnull=True) | ~Q(currency=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.variant_id}@{self.location_id}: {self.min_quantity}-{self.max_quantity}"


class CategoryBudget(models.Model):
    """What may be committed to purchases of one category (and its sub-categories) in a
    month without approval."""

    category = models.ForeignKey("catalog.Category", on_delete=models.PROTECT, related_name="+")
    period = models.DateField(help_text="First day of the month.")
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    currency = models.CharField(max_length=3)

    class Meta:
        ordering = ["-period", "category_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["category", "period"], name="uniq_budget_category_period"
            ),
            models.CheckConstraint(name="budget_amount_not_negative", condition=Q(amount__gte=0)),
            models.CheckConstraint(name="budget_period_first_day", condition=Q(period__day=1)),
        ]

    def __str__(self) -> str:
        return f"{self.category_id} {self.period:%Y-%m}: {self.amount} {self.currency}"


class ReplenishmentProposal(models.Model):
    """A transfer (warehouse -> boutique) or a purchase (-> warehouse) the run proposes.

    Its status moves only through `transitions.PROPOSAL_TRANSITIONS`.
    """

    number = models.CharField(max_length=20, unique=True)
    kind = models.CharField(max_length=10, choices=ProposalKind.choices)
    variant = models.ForeignKey(
        "catalog.ProductVariant", on_delete=models.PROTECT, related_name="+"
    )
    location = models.ForeignKey(
        "inventory.Location", on_delete=models.PROTECT, related_name="proposals"
    )
    source = models.ForeignKey(
        "inventory.Location",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Where a transfer would come from.",
    )
    quantity = models.PositiveIntegerField()
    status = models.CharField(
        max_length=20,
        choices=ProposalStatus.choices,
        default=ProposalStatus.PROPOSED,
        db_index=True,
    )
    category = models.ForeignKey(
        "catalog.Category",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The budgeted category it counts against.",
    )
    value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    period = models.DateField(help_text="Budget month (first day).")
    expected_date = models.DateField(null=True, blank=True)
    converted_reference = models.CharField(max_length=60, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(name="proposal_quantity_positive", condition=Q(quantity__gt=0)),
            models.CheckConstraint(
                name="proposal_transfer_has_source",
                condition=Q(kind=ProposalKind.PURCHASE, source__isnull=True)
                | Q(kind=ProposalKind.TRANSFER, source__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.number
