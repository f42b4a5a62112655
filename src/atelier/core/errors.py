"""Errors every context raises; entry points translate them into answers.

`DomainError` carries a stable machine-readable code and a message a person can act on.
"""


class DomainError(Exception):
    code = "invalid"
    status = 400

    def __init__(self, message: str, *, code: str | None = None, **details):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.details = details


class ValidationFailed(DomainError):
    """Input that cannot be accepted; nothing was written."""

    code = "validation_failed"
    status = 422


class NotFound(DomainError):
    """The row does not exist *or* is outside the actor's scope: the two look the same."""

    code = "not_found"
    status = 404

    def __init__(self, message: str = "Not found.", **kwargs):
        super().__init__(message, **kwargs)


class PermissionDenied(DomainError):
    """The actor may see the row but not do this to it."""

    code = "permission_denied"
    status = 403


class Conflict(DomainError):
    """The request is valid but clashes with the current state (e.g. a forbidden transition)."""

    code = "conflict"
    status = 409
