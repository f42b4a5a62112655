"""Promotions (a code, or automatic), what they mean per currency, and redemptions.

A redemption is one row per (promotion, order): it counts towards the limits while
active and is released when the order is cancelled or expires unpaid. `times_used` is
the number of active redemptions, moved only by the redemption services with a
conditional UPDATE under the promotion's row lock.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from atelier.pricing.promotions.enums import PromotionKind, RedemptionStatus

AMOUNT = {"max_digits": 14, "decimal_places": 3}


class Promotion(models.Model):
    name = models.CharField(max_length=120, help_text="Shown to customers.")
    code = models.CharField(
        max_length=40,
        blank=True,
        help_text="Blank: automatic, no code needed. Letters, digits, - and _ (case ignored).",
    )
    kind = models.CharField(max_length=16, choices=PromotionKind.choices)
    percentage = models.DecimalField(
        max_digits=5, decimal_places=2, null=True, blank=True, help_text="e.g. 10 = 10 % off"
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField(
        null=True, blank=True, help_text="First moment it no longer applies; blank = open."
    )
    is_active = models.BooleanField(default=True)
    priority = models.SmallIntegerField(default=0, help_text="Higher applies first.")
    stackable = models.BooleanField(
        default=True, help_text="Combines with other stackable promotions; unticked: alone."
    )
    usage_limit = models.PositiveIntegerField(
        null=True, blank=True, help_text="Orders in total; blank = unlimited."
    )
    usage_limit_per_customer = models.PositiveIntegerField(
        null=True, blank=True, help_text="Orders per customer (or guest e-mail)."
    )
    times_used = models.PositiveIntegerField(default=0, editable=False)
    categories = models.ManyToManyField("catalog.Category", blank=True, related_name="+")
    collections = models.ManyToManyField("catalog.Collection", blank=True, related_name="+")
    products = models.ManyToManyField("catalog.Product", blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["times_used"])

    class Meta:
        ordering = ["-priority", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=~Q(code=""), name="uniq_promotion_code"
            ),
            models.CheckConstraint(
                name="promotion_percentage_matches_kind",
                condition=Q(kind=PromotionKind.PERCENTAGE, percentage__gt=0, percentage__lte=100)
                | (~Q(kind=PromotionKind.PERCENTAGE) & Q(percentage__isnull=True)),
            ),
            models.CheckConstraint(
                name="promotion_dates_ordered",
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=F("starts_at")),
            ),
            models.CheckConstraint(
                name="promotion_limits_positive",
                condition=(Q(usage_limit__isnull=True) | Q(usage_limit__gt=0))
                & (Q(usage_limit_per_customer__isnull=True) | Q(usage_limit_per_customer__gt=0)),
            ),
            models.CheckConstraint(
                name="promotion_used_within_limit",
                condition=Q(usage_limit__isnull=True) | Q(times_used__lte=F("usage_limit")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})" if self.code else self.name


class PromotionCurrency(models.Model):
    """The promotion in one currency: amount off (fixed promotions) and minimum spend.

    A promotion with any of these rows applies only in their currencies; a percentage or
    free-delivery promotion without any applies in every currency, with no minimum.
    """

    promotion = models.ForeignKey(Promotion, on_delete=models.CASCADE, related_name="currencies")
    currency = models.CharField(max_length=3)
    amount_off = models.DecimalField(**AMOUNT, null=True, blank=True)
    min_spend = models.DecimalField(**AMOUNT, default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["promotion_id", "currency"]
        verbose_name_plural = "promotion currencies"
        constraints = [
            models.UniqueConstraint(
                fields=["promotion", "currency"], name="uniq_promotion_currency"
            ),
            models.CheckConstraint(
                name="promotion_currency_amounts_valid",
                condition=(Q(amount_off__isnull=True) | Q(amount_off__gt=0)) & Q(min_spend__gte=0),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.promotion_id}/{self.currency}"


class PromotionRedemption(models.Model):
    """A promotion used by one order; `user` or `email` (lower-case) name the customer."""

    promotion = models.ForeignKey(Promotion, on_delete=models.PROTECT, related_name="redemptions")
    order_ref = models.CharField(max_length=40)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    email = models.EmailField(blank=True)
    code = models.CharField(max_length=40, blank=True)
    status = models.CharField(
        max_length=10, choices=RedemptionStatus.choices, default=RedemptionStatus.ACTIVE
    )
    created_at = models.DateTimeField(auto_now_add=True)
    released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["promotion", "order_ref"], name="uniq_promotion_redemption_order"
            )
        ]
        indexes = [
            models.Index(fields=["promotion", "user"]),
            models.Index(fields=["promotion", "email"]),
            models.Index(fields=["order_ref"]),
        ]

    def __str__(self) -> str:
        return f"{self.promotion_id} on {self.order_ref} ({self.status})"
