from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from atelier.accounts.actors import actor_for
from atelier.accounts.authentication import has_totp, two_factor_required


class ActorMiddleware:
    """Attach `request.actor`, built lazily from the signed-in user, at most once."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.actor = SimpleLazyObject(lambda: actor_for(request.user))
        return self.get_response(request)


class StaffTwoFactorMiddleware:
    """Admins and super admins without a TOTP authenticator may only set one up.

    Until they activate TOTP every other page redirects to allauth's activation page;
    they may still sign out, re-enter their password when allauth asks before the
    activation (reauthentication), and load static files.
    """

    _allowed_names = (
        "mfa_activate_totp",
        "account_reauthenticate",
        "account_logout",
        "backoffice:logout",
    )

    def __init__(self, get_response):
        self.get_response = get_response
        self._allowed_paths = None

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and (user.kind == "staff" or user.is_superuser)  # customers pay no query
            and two_factor_required(request.actor)
            and not self._allowed(request.path)
            and not has_totp(user)
        ):
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    def _allowed(self, path: str) -> bool:
        if self._allowed_paths is None:
            self._allowed_paths = frozenset(reverse(name) for name in self._allowed_names)
        return path in self._allowed_paths or path.startswith(settings.STATIC_URL)
