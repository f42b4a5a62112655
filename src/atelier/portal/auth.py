"""Portal sign-in: e-mail and password, then the TOTP code when the account has one.

Only manufacturer accounts with `use_portal` get in; any other account's credentials
fail exactly like a wrong password and count towards the django-axes lockout (shared
with the other logins, per IP and e-mail).
"""

from __future__ import annotations

import time

from allauth.account.internal.flows.login import record_authentication
from django.contrib.auth import authenticate, login

from atelier.accounts.actors import actor_for
from atelier.accounts.authentication import record_failed_sign_in
from atelier.accounts.models import User
from atelier.accounts.roles import Cap
from atelier.core.actor import Actor

PENDING_KEY = "portal_pending_login"
PENDING_MAX_AGE = 300
_BACKEND = "django.contrib.auth.backends.ModelBackend"


def may_use_portal(actor: Actor) -> bool:
    return (
        actor.manufacturer_id is not None
        and not actor.is_superuser
        and actor.has_perm(Cap.USE_PORTAL.perm)
    )


def portal_authenticate(request, *, email: str, password: str) -> User | None:
    email = (email or "").strip().lower()
    user = authenticate(request, email=email, password=password)
    if user is None:
        return None
    if user.kind != "manufacturer" or not may_use_portal(actor_for(user)):
        record_failed_sign_in(request, email=email)
        return None
    return user


def pending_start(request, user: User, *, next_url: str) -> None:
    request.session[PENDING_KEY] = {"user_id": user.pk, "next": next_url, "at": time.time()}


def pending(request) -> tuple[User, str] | None:
    data = request.session.get(PENDING_KEY)
    if not data:
        return None
    user = None
    if time.time() - data["at"] <= PENDING_MAX_AGE:
        user = User.objects.filter(pk=data["user_id"], is_active=True, kind="manufacturer").first()
    if user is None:
        pending_clear(request)
        return None
    return user, data["next"]


def pending_clear(request) -> None:
    request.session.pop(PENDING_KEY, None)


def portal_login(request, user: User) -> None:
    pending_clear(request)
    login(request, user, backend=_BACKEND)
    record_authentication(request, user, "password", email=user.email)
