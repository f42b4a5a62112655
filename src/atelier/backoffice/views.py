"""Back-office pages: thin, each calls one access function, selector or service."""

from allauth.mfa.base.forms import AuthenticateForm
from django.contrib import messages
from django.contrib.auth import logout
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from atelier.accounts.authentication import (
    has_totp,
    is_locked_out,
    may_use_backoffice,
    pending_login,
    pending_login_clear,
    pending_login_start,
    record_failed_sign_in,
    staff_authenticate,
    staff_login,
)
from atelier.accounts.throttling import lockout_response
from atelier.backoffice.decorators import backoffice_view
from atelier.backoffice.forms import StaffLoginForm
from atelier.org.access import boutiques_visible_to, get_boutique_for

LOGIN_ERROR = "The e-mail address or password is not correct."
PAGE_SIZE = 50


@backoffice_view
def dashboard(request):
    return render(request, "backoffice/dashboard.html")


@backoffice_view
def boutique_list(request):
    page = Paginator(boutiques_visible_to(request.actor), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "backoffice/boutique_list.html", {"page": page})


@backoffice_view
def boutique_detail(request, code):
    boutique = get_boutique_for(request.actor, code)
    return render(request, "backoffice/boutique_detail.html", {"boutique": boutique})


# --- Sign-in ------------------------------------------------------------------------


@never_cache
@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def login_view(request):
    next_url = _next_url(request)
    if request.user.is_authenticated and may_use_backoffice(request.actor):
        return redirect(next_url)
    form = StaffLoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = staff_authenticate(
            request, email=form.cleaned_data["login"], password=form.cleaned_data["password"]
        )
        if user is None:
            form.add_error(None, LOGIN_ERROR)
        elif has_totp(user):
            pending_login_start(request, user, next_url=next_url)
            return redirect("backoffice:login_code")
        else:
            staff_login(request, user)
            return redirect(next_url)
    return render(request, "backoffice/login.html", {"form": form, "next": next_url})


@never_cache
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def login_code_view(request):
    pending = pending_login(request)
    if pending is None:
        messages.info(request, "Please sign in again.")
        return redirect("backoffice:login")
    user, next_url = pending
    if is_locked_out(request, email=user.email):
        pending_login_clear(request)
        return lockout_response(request)
    form = AuthenticateForm(user=user, data=request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            staff_login(request, user)
            return redirect(next_url)
        if request.POST.get("code"):
            record_failed_sign_in(request, email=user.email)
    return render(request, "backoffice/login_code.html", {"form": form, "email": user.email})


@never_cache
@require_http_methods(["GET", "POST"])
def logout_view(request):
    if request.method == "POST":
        logout(request)
        messages.success(request, "You have signed out.")
        return redirect("backoffice:login")
    return render(request, "backoffice/logout.html")


def admin_login_redirect(request):
    """The Django admin has no login of its own: staff sign in (with TOTP) here."""
    query = urlencode({"next": request.GET["next"]}) if request.GET.get("next") else ""
    return redirect(reverse("backoffice:login") + (f"?{query}" if query else ""))


def _next_url(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("backoffice:dashboard")
