from django.db import models


class PaymentStatus(models.TextChoices):
    REQUIRES_PAYMENT = "requires_payment", "Awaiting payment"
    PROCESSING = "processing", "Processing"
    REQUIRES_ACTION = "requires_action", "Awaiting the payer's confirmation"
    SUCCEEDED = "succeeded", "Paid"
    FAILED = "failed", "Failed (may be retried)"
    CANCELED = "canceled", "Cancelled"


# Not final yet: the payer may still pay (a failed attempt can be retried).
OPEN_STATUSES = frozenset(
    {
        PaymentStatus.REQUIRES_PAYMENT,
        PaymentStatus.PROCESSING,
        PaymentStatus.REQUIRES_ACTION,
        PaymentStatus.FAILED,
    }
)


class Provider(models.TextChoices):
    OFFLINE = "offline", "Offline (test)"
    STRIPE = "stripe", "Stripe"


class PaymentKind(models.TextChoices):
    INTENT = "intent", "Checkout payment"
    LINK = "link", "Payment link"


class Purpose(models.TextChoices):
    ORDER = "order", "Order"
    CHANGE = "change", "Order change"
    DEPOSIT = "deposit", "Deposit"
    BALANCE = "balance", "Balance"


class RefundStatus(models.TextChoices):
    REQUESTED = "requested", "Requested (not yet sent)"
    PENDING = "pending", "Pending at the provider"
    SUCCEEDED = "succeeded", "Refunded"
    FAILED = "failed", "Failed"
    CANCELED = "canceled", "Cancelled"


# Refunds that count against what can still be refunded.
LIVE_REFUND_STATUSES = frozenset(
    {RefundStatus.REQUESTED, RefundStatus.PENDING, RefundStatus.SUCCEEDED}
)


class RefundOrigin(models.TextChoices):
    ATELIER = "atelier", "Requested in Atelier"
    PROVIDER = "provider", "Made at the provider (e.g. the Stripe dashboard)"


class WebhookOutcome(models.TextChoices):
    PROCESSED = "processed", "Processed"
    IGNORED = "ignored", "Ignored (nothing to do)"
    FLAGGED = "flagged", "Flagged for review"
