"""The gate in front of every portal page."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from atelier.core.errors import NotFound, PermissionDenied
from atelier.portal.auth import may_use_portal


def portal_view(view):
    """Manufacturer contacts with `use_portal` only.

    Anonymous visitors go to the portal sign-in; any other signed-in account gets 403.
    `NotFound` from an access function answers 404 (another workshop's purchase order
    looks exactly like a missing one); `PermissionDenied` 403.
    """

    @wraps(view)
    @never_cache
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("portal:login"))
        if not may_use_portal(request.actor):
            return forbidden(request, "This account has no access to the manufacturer portal.")
        try:
            return view(request, *args, **kwargs)
        except NotFound as exc:
            raise Http404(exc.message) from exc
        except PermissionDenied as exc:
            return forbidden(request, exc.message)

    return wrapped


def forbidden(request, message: str):
    return render(request, "portal/forbidden.html", {"message": message}, status=403)
