"""Who may sign in where, and the two-step back-office sign-in.

* Customers and manufacturer contacts sign in at /accounts/login/ (allauth, with its own
  TOTP step for those who turned it on). Staff accounts are sent to the back office.
* Staff sign in at /backoffice/login/: e-mail and password, then the TOTP code when the
  account has an authenticator (checked by allauth.mfa's own form). Any other account's
  credentials there fail exactly like a wrong password, and count as a failure.
* Admins and super admins must have TOTP: `StaffTwoFactorMiddleware` holds them on the
  activation page until they do.
"""

from __future__ import annotations

import time

from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth import authenticate, login
from django.contrib.auth.signals import user_login_failed

from atelier.accounts.actors import actor_for
from atelier.accounts.models import User
from atelier.accounts.roles import Cap
from atelier.core.actor import Actor
from atelier.core.roles import TWO_FACTOR_REQUIRED

PENDING_SESSION_KEY = "backoffice_pending_login"
PENDING_MAX_AGE = 300  # seconds to enter the TOTP code after the password
_BACKEND = "django.contrib.auth.backends.ModelBackend"


def may_use_backoffice(actor: Actor) -> bool:
    return actor.has_perm(Cap.ACCESS_BACKOFFICE.perm)


def two_factor_required(actor: Actor) -> bool:
    """Admins and super admins (and Django superusers) must sign in with TOTP."""
    return actor.user_id is not None and (
        actor.is_superuser or actor.has_role(*TWO_FACTOR_REQUIRED)
    )


def has_totp(user: User) -> bool:
    return is_mfa_enabled(user, [Authenticator.Type.TOTP])


def customer_login_refused(user: User) -> bool:
    """Staff accounts never sign in through the customer login."""
    return user.kind == "staff"


def staff_authenticate(request, *, email: str, password: str) -> User | None:
    """The staff user these credentials belong to, or None.

    Non-staff accounts and staff without back-office access get None like a wrong
    password, and the attempt counts towards the lockout. While (IP, e-mail) is locked
    out, even the right password gives None and `request.axes_locked_out` is set.
    """
    email = email.strip().lower()
    user = authenticate(request, email=email, password=password)
    if user is None:
        return None
    if user.kind != "staff" or not may_use_backoffice(actor_for(user)):
        record_failed_sign_in(request, email=email)
        return None
    return user


def record_failed_sign_in(request, *, email: str) -> None:
    """Count a failed attempt (wrong code, wrong kind of account) like a wrong password."""
    user_login_failed.send(sender=__name__, credentials={"login": email}, request=request)


def is_locked_out(request, *, email: str) -> bool:
    return AxesProxyHandler.is_locked(request, {"login": email})


def pending_login_start(request, user: User, *, next_url: str) -> None:
    """Remember that `user` gave the right password and now owes a TOTP code."""
    request.session[PENDING_SESSION_KEY] = {
        "user_id": user.pk,
        "email": user.email,
        "next": next_url,
        "at": time.time(),
    }


def pending_login(request) -> tuple[User, str] | None:
    """(user, next url) of a password step done less than 5 minutes ago, else None."""
    data = request.session.get(PENDING_SESSION_KEY)
    if not data:
        return None
    if time.time() - data["at"] > PENDING_MAX_AGE:
        pending_login_clear(request)
        return None
    user = User.objects.filter(pk=data["user_id"], is_active=True, kind="staff").first()
    if user is None:
        pending_login_clear(request)
        return None
    return user, data["next"]


def pending_login_clear(request) -> None:
    request.session.pop(PENDING_SESSION_KEY, None)


def staff_login(request, user: User) -> None:
    """Sign `user` in; recorded as a password sign-in so allauth's recent-login checks pass."""
    pending_login_clear(request)
    login(request, user, backend=_BACKEND)
    record_authentication(request, user, "password", email=user.email)
