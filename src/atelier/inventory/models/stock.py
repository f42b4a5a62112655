"""The stock ledger: append-only moves and the per-(variant, location) levels they keep."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from atelier.inventory.enums import MoveReason


class StockLevel(models.Model):
    """On hand and reserved for one variant at one location.

    Changed only by `services.ledger` in the transaction that writes the moves, under a
    row lock. `physical` copies the location's nature so the database itself refuses a
    negative physical balance or more reserved than on hand.
    """

    # Both covered by the (location, variant) and (variant, location) indexes below.
    variant = models.ForeignKey(
        "catalog.ProductVariant", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    location = models.ForeignKey(
        "inventory.Location", on_delete=models.PROTECT, related_name="levels", db_index=False
    )
    physical = models.BooleanField()
    on_hand = models.IntegerField(default=0)
    reserved = models.IntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["location_id", "variant_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["location", "variant"], name="uniq_level_location_variant"
            ),
            models.CheckConstraint(
                name="level_physical_on_hand_not_negative",
                condition=Q(physical=False) | Q(on_hand__gte=0),
            ),
            models.CheckConstraint(
                name="level_reserved_within_on_hand",
                condition=Q(reserved=0)
                | Q(physical=True, reserved__gt=0, reserved__lte=F("on_hand")),
            ),
        ]
        indexes = [
            models.Index(fields=["variant", "location"], name="level_variant_location_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.variant_id}@{self.location_id}: {self.on_hand} ({self.reserved} reserved)"

    @property
    def available(self) -> int:
        return self.on_hand - self.reserved


class StockMove(models.Model):
    """One movement of `quantity` units of a variant from one location to another.

    Never updated or deleted: a mistake is corrected by another move. `reference` ties
    it to its document (SO-2026-000001/1, TR-2026-000004, CC-2026-000002...).
    """

    # Covered by the composite indexes below.
    variant = models.ForeignKey(
        "catalog.ProductVariant", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    from_location = models.ForeignKey(
        "inventory.Location", on_delete=models.PROTECT, related_name="moves_out", db_index=False
    )
    to_location = models.ForeignKey(
        "inventory.Location", on_delete=models.PROTECT, related_name="moves_in", db_index=False
    )
    quantity = models.PositiveIntegerField()
    reason = models.CharField(max_length=24, choices=MoveReason.choices)
    reference = models.CharField(max_length=60, blank=True, db_index=True)
    note = models.CharField(max_length=500, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=200, help_text="Who, as shown at the time.")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(name="move_quantity_positive", condition=Q(quantity__gt=0)),
            models.CheckConstraint(
                name="move_between_two_locations", condition=~Q(from_location=F("to_location"))
            ),
        ]
        indexes = [
            models.Index(fields=["variant", "to_location"], name="move_variant_to_idx"),
            models.Index(fields=["variant", "from_location"], name="move_variant_from_idx"),
            models.Index(fields=["to_location", "created_at"], name="move_to_created_idx"),
            models.Index(fields=["from_location", "created_at"], name="move_from_created_idx"),
        ]

    def __str__(self) -> str:
        return (
            f"{self.quantity} x {self.variant_id}: {self.from_location_id} -> {self.to_location_id}"
        )
