"""Loyalty: the programme's rates per currency and tiers, accounts and their ledger.

The ledger (`LoyaltyEntry`) is append-only: every movement of points is a new row and
`LoyaltyAccount.balance` is their sum, updated in the same transaction under the
account's row lock. The database refuses a negative balance.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from atelier.pricing.loyalty.enums import EntryKind, ReservationStatus


class LoyaltyRate(models.Model):
    """How points are earned and what they are worth in one currency."""

    currency = models.CharField(max_length=3, unique=True)
    earn_rate = models.DecimalField(
        max_digits=8, decimal_places=4, help_text="Points per 1 unit spent (before the tier)."
    )
    point_value = models.DecimalField(
        max_digits=10, decimal_places=4, help_text="What 1 point pays, in this currency."
    )
    max_share = models.DecimalField(
        max_digits=5, decimal_places=2, help_text="At most this % of an order paid in points."
    )
    is_active = models.BooleanField(default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["currency"]
        constraints = [
            models.CheckConstraint(
                name="loyalty_rate_valid",
                condition=Q(earn_rate__gte=0, point_value__gt=0, max_share__gt=0)
                & Q(max_share__lte=100),
            )
        ]

    def __str__(self) -> str:
        return f"{self.currency}: {self.earn_rate} pt/unit, 1 pt = {self.point_value}"


class LoyaltyTier(models.Model):
    """Reached with `min_points` qualifying points over the last 12 months."""

    code = models.SlugField(max_length=30, unique=True)
    name = models.CharField(max_length=60)
    min_points = models.PositiveIntegerField(
        unique=True, help_text="Qualifying points (spend x earn rate) over 12 months."
    )
    multiplier = models.DecimalField(
        max_digits=4, decimal_places=2, default=1, help_text="Earning multiplier, e.g. 1.25."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["min_points"]
        constraints = [
            models.CheckConstraint(name="loyalty_tier_multiplier", condition=Q(multiplier__gt=0))
        ]

    def __str__(self) -> str:
        return self.name


class LoyaltyAccount(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="loyalty_account"
    )
    balance = models.BigIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["user_id"]
        constraints = [
            models.CheckConstraint(name="loyalty_balance_not_negative", condition=Q(balance__gte=0))
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.balance} points"


class LoyaltyEntry(models.Model):
    """One movement of points. Never changed or deleted."""

    account = models.ForeignKey(LoyaltyAccount, on_delete=models.PROTECT, related_name="entries")
    kind = models.CharField(max_length=10, choices=EntryKind.choices)
    points = models.BigIntegerField()
    balance_after = models.BigIntegerField()
    qualifying_points = models.PositiveBigIntegerField(
        default=0, help_text="Earned points before the tier multiplier (tier progress)."
    )
    tier_code = models.CharField(max_length=30, blank=True, help_text="Tier when earned.")
    order_ref = models.CharField(max_length=40, blank=True)
    amount = models.DecimalField(max_digits=14, decimal_places=3, null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=200)

    class Meta:
        ordering = ["account_id", "id"]
        verbose_name_plural = "loyalty entries"
        indexes = [models.Index(fields=["account", "kind", "created_at"])]
        constraints = [
            models.CheckConstraint(
                name="loyalty_entry_sign_matches_kind",
                condition=Q(kind__in=[EntryKind.EARN, EntryKind.RELEASE], points__gt=0)
                | Q(kind=EntryKind.REDEEM, points__lt=0)
                | (Q(kind=EntryKind.ADJUST) & ~Q(points=0)),
            ),
            models.CheckConstraint(
                name="loyalty_entry_balance_not_negative", condition=Q(balance_after__gte=0)
            ),
            models.UniqueConstraint(
                fields=["kind", "order_ref"],
                condition=~Q(order_ref="") & ~Q(kind=EntryKind.ADJUST),
                name="uniq_loyalty_entry_per_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.points:+d} ({self.order_ref or self.reason})"


class LoyaltyReservation(models.Model):
    """Points held for an unpaid order: committed on payment, released on cancellation."""

    order_ref = models.CharField(max_length=40, unique=True)
    account = models.ForeignKey(
        LoyaltyAccount, on_delete=models.PROTECT, related_name="reservations"
    )
    points = models.PositiveBigIntegerField()
    currency = models.CharField(max_length=3, blank=True)
    value = models.DecimalField(max_digits=14, decimal_places=3, null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=ReservationStatus.choices, default=ReservationStatus.RESERVED
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(name="loyalty_reservation_points", condition=Q(points__gt=0))
        ]

    def __str__(self) -> str:
        return f"{self.order_ref}: {self.points} points ({self.status})"
