"""Personal API tokens (HTTP `Authorization: Bearer <token>`).

The token is shown once, when made; only its SHA-256 is stored. A revoked token, or one
whose user is inactive, authenticates nobody.
"""

from __future__ import annotations

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from atelier.accounts.models import ApiToken, User
from atelier.core.actor import Actor
from atelier.core.errors import NotFound, PermissionDenied, ValidationFailed

PREFIX = "atl_"


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def api_token_create(*, name: str, actor: Actor) -> tuple[str, ApiToken]:
    """A new token for the actor's own user: (the token, shown once; its row)."""
    if actor.user_id is None or actor.is_system:
        raise PermissionDenied("Only a signed-in user makes API tokens.")
    name = (name or "").strip()
    if not name or len(name) > 80:
        raise ValidationFailed("Give the token a name (at most 80 characters).", field="name")
    raw = PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        row = ApiToken.objects.create(
            user_id=actor.user_id, name=name, prefix=raw[:8], token_hash=_hash(raw)
        )
    return raw, row


def api_token_revoke(*, token_id: int, actor: Actor) -> None:
    updated = ApiToken.objects.filter(
        pk=token_id, user_id=actor.user_id or 0, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())
    if not updated:
        raise NotFound("No such token.")


def api_tokens_of(actor: Actor) -> list[ApiToken]:
    return list(ApiToken.objects.filter(user_id=actor.user_id or 0, revoked_at__isnull=True))


def api_token_user(raw: str) -> User | None:
    """The active user a token belongs to, or None."""
    if not raw or not raw.startswith(PREFIX):
        return None
    row = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=_hash(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if row is None:
        return None
    ApiToken.objects.filter(pk=row.pk).update(last_used_at=timezone.now())
    return row.user
