"""Helpers every catalog service uses: permission, validation, history user."""

from __future__ import annotations

import hashlib
from decimal import Decimal, InvalidOperation

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models

from atelier.accounts.roles import Cap
from atelier.core.actor import Actor
from atelier.core.errors import PermissionDenied, ValidationFailed


def require(actor: Actor, cap: Cap = Cap.MANAGE_CATALOG) -> None:
    if not actor.has_perm(cap.perm):
        raise PermissionDenied("You are not allowed to change the catalog.")


def validation_failed(exc: ValidationError) -> ValidationFailed:
    """One readable message from a Django ValidationError, fields kept in `details`."""
    if hasattr(exc, "error_dict"):
        fields = {k: [m for e in v for m in e.messages] for k, v in exc.error_dict.items()}
        text = "; ".join(
            f"{k}: {' '.join(v)}" if k != "__all__" else " ".join(v) for k, v in fields.items()
        )
        return ValidationFailed(text, fields=fields)
    return ValidationFailed(" ".join(exc.messages), code=getattr(exc, "code", None))


def clean_and_save(obj: models.Model, *, actor: Actor, exclude=None) -> models.Model:
    """Check the row's own invariants (fields, validators, constraints) and save it."""
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as exc:
        raise validation_failed(exc) from None
    set_history_user(obj, actor)
    obj.save()
    return obj


def set_history_user(obj: models.Model, actor: Actor) -> None:
    """Tell django-simple-history who made the change (no query)."""
    if actor.user_id is not None:
        obj._history_user = get_user_model()(pk=actor.user_id)


def decimal_or_fail(value, field: str, *, positive: bool = False) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, float | bool):
        raise ValidationFailed(f"{field}: give a decimal number, not a {type(value).__name__}.")
    try:
        result = Decimal(str(value).strip())
    except InvalidOperation:
        raise ValidationFailed(f"{field}: {value!r} is not a number.") from None
    if not result.is_finite() or result < 0 or (positive and result == 0):
        raise ValidationFailed(f"{field}: must be {'above' if positive else 'at least'} 0.")
    return result


def sha256_of(file) -> str:
    digest = hashlib.sha256()
    file.seek(0)
    for chunk in iter(lambda: file.read(1024 * 1024), b""):
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()
