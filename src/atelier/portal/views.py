"""Portal pages: thin; each calls one selector or service and renders."""

from __future__ import annotations

import mimetypes
import os

from allauth.mfa.base.forms import AuthenticateForm
from django.contrib import messages
from django.contrib.auth import logout
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from atelier.accounts import invitations, tokens
from atelier.accounts.authentication import has_totp, is_locked_out, record_failed_sign_in
from atelier.accounts.throttling import lockout_response
from atelier.core.errors import DomainError, NotFound
from atelier.portal import auth, forms, selectors
from atelier.portal.decorators import portal_view
from atelier.production import labels
from atelier.production import services as production
from atelier.purchasing import selectors as purchasing_selectors
from atelier.purchasing import services as purchasing

LOGIN_ERROR = "The e-mail address or password is not correct."


# --- Sign-in ------------------------------------------------------------------------


@never_cache
@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def login_view(request):
    next_url = _next_url(request)
    if request.user.is_authenticated and auth.may_use_portal(request.actor):
        return redirect(next_url)
    form = forms.LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = auth.portal_authenticate(
            request, email=form.cleaned_data["login"], password=form.cleaned_data["password"]
        )
        if user is None:
            form.add_error(None, LOGIN_ERROR)
        elif has_totp(user):
            auth.pending_start(request, user, next_url=next_url)
            return redirect("portal:login_code")
        else:
            auth.portal_login(request, user)
            return redirect(next_url)
    return render(request, "portal/login.html", {"form": form, "next": next_url})


@never_cache
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def login_code_view(request):
    pending = auth.pending(request)
    if pending is None:
        messages.info(request, "Please sign in again.")
        return redirect("portal:login")
    user, next_url = pending
    if is_locked_out(request, email=user.email):
        auth.pending_clear(request)
        return lockout_response(request)
    form = AuthenticateForm(user=user, data=request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            auth.portal_login(request, user)
            return redirect(next_url)
        if request.POST.get("code"):
            record_failed_sign_in(request, email=user.email)
    return render(request, "portal/login_code.html", {"form": form, "email": user.email})


@never_cache
@require_http_methods(["GET", "POST"])
def logout_view(request):
    if request.method == "POST":
        logout(request)
        messages.success(request, "You have signed out.")
        return redirect("portal:login")
    return render(request, "portal/logout.html")


@never_cache
@sensitive_post_parameters("password1", "password2")
@require_http_methods(["GET", "POST"])
def invitation_view(request, token):
    try:
        invitation = invitations.invitation_check(token)
    except DomainError as exc:
        return render(
            request, "portal/invitation_invalid.html", {"message": exc.message}, status=exc.status
        )
    initial = {"first_name": invitation.first_name, "last_name": invitation.last_name}
    form = forms.SetPasswordForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            user = invitations.invitation_accept(
                token=token,
                password=form.cleaned_data["password1"],
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
            )
        except DomainError as exc:
            form.add_error("password1" if exc.code == "weak_password" else None, exc.message)
        else:
            auth.portal_login(request, user)
            return render(request, "portal/invitation_done.html", {"user": user})
    return render(request, "portal/invitation.html", {"form": form, "invitation": invitation})


# --- Purchase orders ------------------------------------------------------------------


@portal_view
def po_list(request):
    form = forms.SearchForm(request.GET or None)
    q, sort = "", "deadline"
    if form.is_valid():
        q, sort = form.cleaned_data["q"], form.cleaned_data["sort"] or "deadline"
    page = purchasing_selectors.purchase_orders_for(
        request.actor, q=q, sort=sort, page=request.GET.get("page") or 1
    )
    return render(
        request, "portal/po_list.html", {"page": page, "form": form, "q": q, "sort": sort}
    )


@portal_view
def po_detail(request, number):
    page = selectors.po_page(request.actor, number)
    return render(
        request,
        "portal/po_detail.html",
        {
            "p": page,
            "po": page.po,
            "message_form": forms.MessageForm(),
            "reason_form": forms.ReasonForm(),
            "complete_form": forms.CompleteForm(),
            "file_form": forms.FileForm(),
        },
    )


@portal_view
@require_POST
def po_action(request, number, action):
    actor = request.actor
    try:
        if action == "accept":
            production.po_accept(number=number, actor=actor)
        elif action == "decline":
            production.po_decline(number=number, reason=request.POST.get("reason", ""), actor=actor)
        elif action == "start":
            production.po_start(number=number, actor=actor)
        elif action == "complete":
            production.po_complete(
                number=number, photos=request.FILES.getlist("photos"), actor=actor
            )
        else:
            return HttpResponse(status=404)
    except DomainError as exc:
        if exc.status == 404:
            raise
        messages.error(request, exc.message)
    else:
        messages.success(request, DONE[action])
    return redirect("portal:po_detail", number=number)


DONE = {
    "accept": "Purchase order accepted.",
    "decline": "Purchase order declined.",
    "start": "Production started: item codes are ready to print.",
    "complete": "Purchase order completed.",
}


@portal_view
@require_POST
def message_post(request, number):
    return _act(
        request,
        number,
        lambda: purchasing.purchase_order_message_post(
            number=number, body=request.POST.get("body", ""), actor=request.actor
        ),
        "Message sent.",
        anchor="#messages",
    )


@portal_view
@require_POST
def file_add(request, number):
    form = forms.FileForm(request.POST, request.FILES)
    if not form.is_valid():
        # Scope first: another workshop's order answers 404 whatever was posted.
        selectors.po_for(request.actor, number)
        errors = " ".join(
            f"{form.fields[f].label}: {e[0]}" if f in form.fields else e[0]
            for f, e in form.errors.items()
        )
        messages.error(request, f"The file was not added. {errors}")
        return redirect(reverse("portal:po_detail", kwargs={"number": number}) + "#files")
    data = form.cleaned_data
    return _act(
        request,
        number,
        lambda: purchasing.purchase_order_file_add(
            number=number,
            kind=data["kind"],
            title=data["title"],
            file=data["file"],
            actor=request.actor,
        ),
        "File added.",
        anchor="#files",
    )


@portal_view
@require_POST
def revision_decide(request, number, change_ref, decision):
    actor = request.actor
    if decision == "accept":
        call = lambda: purchasing.purchase_revision_accept(  # noqa: E731
            number=number, change_ref=change_ref, actor=actor
        )
    elif decision == "refuse":
        call = lambda: purchasing.purchase_revision_refuse(  # noqa: E731
            number=number, change_ref=change_ref, reason=request.POST.get("reason", ""), actor=actor
        )
    else:
        return HttpResponse(status=404)
    done = "accepted" if decision == "accept" else "refused"
    return _act(request, number, call, f"Revision {change_ref} {done}.")


@portal_view
@require_POST
def rework_done(request, number, code):
    item = selectors.item_for(request.actor, number, code)
    return _act(
        request,
        number,
        lambda: production.item_rework_complete(code=item.code, actor=request.actor),
        f"Rework of {item.code} done: it goes back to quality.",
    )


def _act(request, number, call, done: str, anchor: str = ""):
    try:
        call()
    except DomainError as exc:
        if exc.status == 404:
            raise
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect(reverse("portal:po_detail", kwargs={"number": number}) + anchor)


# --- Downloads ------------------------------------------------------------------------


@portal_view
def file_download(request, number, file_id):
    row = purchasing_selectors.purchase_order_file_for(request.actor, number, file_id)
    name = os.path.basename(row.file.name)
    return FileResponse(row.file.open("rb"), as_attachment=True, filename=name)


@portal_view
def labels_pdf(request, number):
    items = selectors.items_for(request.actor, number)
    if not items:
        raise NotFound("This purchase order has no item codes yet.")
    response = HttpResponse(
        labels.po_label_sheet_pdf(number, items), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="labels-{number}.pdf"'
    return response


@portal_view
def labels_print(request, number):
    cards = selectors.label_cards(request.actor, number)
    return render(request, "portal/labels_print.html", {"cards": cards, "number": number})


@portal_view
def completion_photo(request, number, photo_id):
    row = selectors.completion_photo_for(request.actor, number, photo_id)
    return FileResponse(row.image.open("rb"), content_type=row.content_type)


@portal_view
def quality_photo(request, number, code, photo_id):
    photo = selectors.quality_photo_for(request.actor, number, code, photo_id)
    kind = photo.content_type or mimetypes.guess_type(photo.file_name)[0] or "image/jpeg"
    return FileResponse(photo.open(), content_type=kind)


# --- Profile --------------------------------------------------------------------------


@portal_view
@require_http_methods(["GET", "POST"])
def profile(request):
    actor = request.actor
    current = purchasing_selectors.manufacturer_profile(actor, actor.manufacturer_id)
    maker = current.manufacturer
    initial = {name: getattr(maker, name) for name in forms.ProfileForm.base_fields}
    form = forms.ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            purchasing.manufacturer_profile_update(
                manufacturer_id=actor.manufacturer_id, actor=actor, **form.cleaned_data
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Profile saved.")
            return redirect("portal:profile")
    return render(
        request,
        "portal/profile.html",
        {
            "profile": current,
            "form": form,
            "contact_form": forms.ContactForm(),
            "token_form": forms.TokenForm(),
            "tokens": tokens.api_tokens_of(actor),
        },
    )


@portal_view
@require_POST
def contact_add(request):
    form = forms.ContactForm(request.POST)
    if form.is_valid():
        try:
            purchasing.manufacturer_contact_add(
                manufacturer_id=request.actor.manufacturer_id,
                actor=request.actor,
                **form.cleaned_data,
            )
            messages.success(request, "Contact added.")
        except DomainError as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, "Give at least the contact's name and a valid e-mail.")
    return redirect("portal:profile")


@portal_view
@require_POST
def contact_remove(request, contact_id):
    purchasing.manufacturer_contact_remove(contact_id=contact_id, actor=request.actor)
    messages.success(request, "Contact removed.")
    return redirect("portal:profile")


@portal_view
@require_POST
def token_create(request):
    try:
        raw, row = tokens.api_token_create(name=request.POST.get("name", ""), actor=request.actor)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("portal:profile")
    return render(request, "portal/token_created.html", {"raw": raw, "row": row})


@portal_view
@require_POST
def token_revoke(request, token_id):
    tokens.api_token_revoke(token_id=token_id, actor=request.actor)
    messages.success(request, "Token revoked.")
    return redirect("portal:profile")


def _next_url(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("portal:po_list")
