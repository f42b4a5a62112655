from django.db import models


class PromotionKind(models.TextChoices):
    PERCENTAGE = "percentage", "Percentage off"
    FIXED = "fixed", "Fixed amount off (per currency)"
    FREE_SHIPPING = "free_shipping", "Free delivery"


class RedemptionStatus(models.TextChoices):
    ACTIVE = "active", "Counts towards the limits"
    RELEASED = "released", "Released (order cancelled or expired unpaid)"


class Refusal(models.TextChoices):
    """Stable codes of `ValidationFailed` raised for a discount code."""

    UNKNOWN = "code_unknown", "No such code"
    INACTIVE = "code_inactive", "Switched off"
    NOT_YET_VALID = "code_not_yet_valid", "Not valid yet"
    EXPIRED = "code_expired", "Expired"
    WRONG_CURRENCY = "code_wrong_currency", "Not for this currency"
    EXHAUSTED = "code_exhausted", "Used up"
    EMAIL_REQUIRED = "code_email_required", "Needs the customer's e-mail"
    CUSTOMER_LIMIT = "code_customer_limit", "Customer already used it"
    NOT_APPLICABLE = "code_not_applicable", "Nothing in the cart qualifies"
    MIN_SPEND = "code_min_spend", "Minimum spend not met"
    NOT_COMBINABLE = "code_not_combinable", "A better promotion cannot be combined with it"
    CODE_MISMATCH = "code_mismatch", "The code is not one of the promotions redeemed"
    PROMOTION_UNAVAILABLE = "promotion_unavailable", "An automatic promotion ended or ran out"
