from django.db import models


class EntryKind(models.TextChoices):
    EARN = "earn", "Earned on a paid order"
    REDEEM = "redeem", "Redeemed at checkout (reserved)"
    RELEASE = "release", "Returned (order cancelled or expired)"
    ADJUST = "adjust", "Manual adjustment"


class ReservationStatus(models.TextChoices):
    RESERVED = "reserved", "Reserved at checkout"
    COMMITTED = "committed", "Spent (order paid)"
    RELEASED = "released", "Released (order cancelled or expired)"


class LoyaltyError(models.TextChoices):
    """Stable codes of the errors the loyalty services raise."""

    POINTS_INVALID = "loyalty_points_invalid", "Points must be a positive whole number"
    INSUFFICIENT = "loyalty_insufficient_points", "More points than the balance"
    OVER_MAX_SHARE = "loyalty_over_max_share", "Points would pay more than the maximum share"
    CURRENCY_UNSUPPORTED = "loyalty_currency_unsupported", "No loyalty rate for the currency"
    ALREADY_RESERVED = "loyalty_already_reserved", "The order already has other points"
    RELEASED = "loyalty_reservation_released", "The reservation was released"
    GUEST = "loyalty_guest", "Guests have no loyalty account"
    REASON_REQUIRED = "loyalty_reason_required", "A manual adjustment needs a reason"
