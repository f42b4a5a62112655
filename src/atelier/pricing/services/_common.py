from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models

from atelier.accounts.roles import Cap
from atelier.core.actor import Actor
from atelier.core.errors import PermissionDenied, ValidationFailed
from atelier.core.money import minor_units


def require(actor: Actor, cap: Cap = Cap.MANAGE_PRICES) -> None:
    if not actor.has_perm(cap.perm):
        raise PermissionDenied("You are not allowed to change prices.")


def amount_in(value, currency: str, field: str = "amount") -> Decimal:
    """A non-negative Decimal with no more decimals than the currency has."""
    if isinstance(value, float | bool):
        raise ValidationFailed(f"{field}: give a decimal amount, not a {type(value).__name__}.")
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        raise ValidationFailed(f"{field}: {value!r} is not an amount.") from None
    if not amount.is_finite():
        raise ValidationFailed(f"{field}: {value!r} is not an amount.")
    if amount < 0:
        raise ValidationFailed(f"{field}: must not be negative (got {amount}).", code="negative")
    digits = minor_units(currency)
    if amount != amount.quantize(Decimal(1).scaleb(-digits)):
        raise ValidationFailed(
            f"{field}: {currency} amounts have {digits} decimals (got {amount})."
        )
    return amount


def check_dates(valid_from: date | None, valid_until: date | None) -> None:
    if valid_from and valid_until and valid_from > valid_until:
        raise ValidationFailed("valid_until: the last day is before the first.")


def clean_and_save(obj: models.Model, *, actor: Actor) -> models.Model:
    try:
        obj.full_clean()
    except ValidationError as exc:
        messages = "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
        raise ValidationFailed(messages, fields=exc.message_dict) from None
    if actor.user_id is not None:
        obj._history_user = get_user_model()(pk=actor.user_id)
    obj.save()
    return obj
