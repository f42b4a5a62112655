"""Sign-in throttling with django-axes, shared by the customer and back-office logins.

Failures are counted per (IP address, e-mail); after `LOGIN_FAILURE_LIMIT` of them both
login pages answer 429 until the cool-off ends, even to the right password. A successful
sign-in clears the count.
"""

from axes.helpers import get_cool_off
from django.shortcuts import render


def username_for_axes(request, credentials=None) -> str | None:
    """The e-mail a sign-in attempt is for, whichever way it reached axes.

    allauth authenticates with `email=`, the back office with `email=` too, axes itself
    passes `login=` (AXES_USERNAME_FORM_FIELD) on success; both forms post `login`.
    Lower-cased so "Ann@x.com" and "ann@x.com" share one counter.
    """
    for key in ("login", "email", "username"):
        value = (credentials or {}).get(key)
        if value:
            return str(value).strip().lower()
    posted = getattr(request, "POST", None) or {}
    value = posted.get("login")
    return str(value).strip().lower() if value else None


def lockout_response(request, original_response=None, credentials=None):
    cool_off = get_cool_off(request)
    minutes = max(1, round(cool_off.total_seconds() / 60)) if cool_off else None
    return render(
        request,
        "accounts/locked_out.html",
        {"minutes": minutes},
        status=429,
    )
