"""Back office: invite a workshop contact to the manufacturer portal (/backoffice/portal-invites/).

For managers who may manage production or users; the rules are in
`accounts.invitations` (the view only parses and shows refusals as messages).
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from atelier.accounts import invitations
from atelier.backoffice.decorators import backoffice_view
from atelier.core.errors import DomainError, PermissionDenied
from atelier.org.models import Manufacturer


class InviteForm(forms.Form):
    email = forms.EmailField(label="E-mail address")
    manufacturer = forms.ModelChoiceField(
        queryset=Manufacturer.objects.filter(is_active=True).order_by("name"), label="Manufacturer"
    )
    first_name = forms.CharField(max_length=150, required=False)
    last_name = forms.CharField(max_length=150, required=False)


@backoffice_view
@require_http_methods(["GET", "POST"])
def portal_invites(request):
    actor = request.actor
    if not invitations.may_invite(actor):
        raise PermissionDenied("You may not invite manufacturers.")
    initial = {"manufacturer": request.GET.get("manufacturer")}
    form = InviteForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            row = invitations.invitation_create(
                email=data["email"],
                manufacturer_id=data["manufacturer"].pk,
                first_name=data["first_name"],
                last_name=data["last_name"],
                actor=actor,
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            again = " again" if row.sent_count > 1 else ""
            messages.success(request, f"Invitation sent{again} to {row.email}.")
            return redirect("backoffice:portal_invites")
    return render(
        request,
        "backoffice/portal_invites.html",
        {"form": form, "open": invitations.invitations_open(actor)[:100]},
    )
