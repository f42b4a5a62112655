"""The gate in front of every back-office page."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from atelier.accounts.authentication import may_use_backoffice
from atelier.core.errors import NotFound, PermissionDenied


def backoffice_view(view):
    """Staff with back-office access only.

    Anonymous visitors are sent to the back-office sign-in (and back afterwards); a
    signed-in customer or manufacturer gets 403. Inside, `NotFound` from an access
    function answers 404 and `PermissionDenied` 403, so views stay thin.
    """

    @wraps(view)
    @never_cache
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("backoffice:login"))
        if not may_use_backoffice(request.actor):
            return forbidden(request, "Your account has no access to the back office.")
        try:
            return view(request, *args, **kwargs)
        except NotFound as exc:
            raise Http404(exc.message) from exc
        except PermissionDenied as exc:
            return forbidden(request, exc.message)

    return wrapped


def forbidden(request, message: str):
    return render(request, "backoffice/forbidden.html", {"message": message}, status=403)
