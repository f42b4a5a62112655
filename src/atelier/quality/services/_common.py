"""Checks every quality service shares: the capability, and parsing of plain input."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from atelier.accounts.roles import Cap
from atelier.core.actor import Actor
from atelier.core.errors import PermissionDenied, ValidationFailed

MAX_VALUE = Decimal("9999999.99")


def _require(actor: Actor) -> None:
    if not actor.has_perm(Cap.INSPECT_QUALITY.perm):
        raise PermissionDenied("Only quality controllers may do this.")


def _text(value, field: str, *, max_length: int, required: bool = True) -> str:
    text = (value or "").strip() if isinstance(value, str | type(None)) else None
    if text is None:
        raise ValidationFailed(f"{field} must be text.", code="invalid", field=field)
    if required and not text:
        raise ValidationFailed(f"{field} is required.", code="required", field=field)
    if len(text) > max_length:
        raise ValidationFailed(
            f"{field} is longer than {max_length} characters.", code="too_long", field=field
        )
    return text


def _positive_int(value, field: str) -> int:
    if type(value) is not int or value < 1:
        raise ValidationFailed(f"{field} must be a positive whole number.", field=field)
    return value


def _decimal(value, field: str, *, minimum: Decimal | None = None) -> Decimal:
    if isinstance(value, bool) or value is None or value == "":
        raise ValidationFailed(f"{field} is required.", code="required", field=field)
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise ValidationFailed(f"{field} must be a number.", field=field) from None
    if not number.is_finite() or abs(number) > MAX_VALUE:
        raise ValidationFailed(f"{field} must be a number.", field=field)
    if number.as_tuple().exponent < -2:
        raise ValidationFailed(f"{field} takes at most two decimals.", field=field)
    if minimum is not None and number < minimum:
        raise ValidationFailed(f"{field} must be at least {minimum}.", field=field)
    return number
