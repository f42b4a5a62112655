"""Errors the payments context raises (all `DomainError`s: entry points map them)."""

from atelier.core.errors import DomainError, ValidationFailed


class PaymentProviderUnavailable(DomainError):
    """The provider could not be reached (or our keys were refused): try again later."""

    code = "payment_provider_unavailable"
    status = 503


class PaymentRefused(ValidationFailed):
    """The provider refused the request itself (amount too small, currency...)."""

    code = "payment_refused"


class WebhookRejected(DomainError):
    """A webhook we will not process: bad signature, stale timestamp, malformed body."""

    code = "webhook_rejected"
    status = 400
