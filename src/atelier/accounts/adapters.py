"""allauth hooks: thin, each defers to accounts.services or accounts.authentication."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import clear_authentication_records
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.shortcuts import redirect

from atelier.accounts import services
from atelier.accounts.actors import actor_for
from atelier.accounts.authentication import customer_login_refused, two_factor_required


class CustomerAccountAdapter(DefaultAccountAdapter):
    """Customer sign-up through allauth; staff and workshop accounts are never self-made."""

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        return services.customer_signup_complete(user=user)

    def pre_authenticate(self, request, **credentials):
        # Failed sign-ins are counted by django-axes (per IP and e-mail, same limit on
        # both login pages); allauth's own "login_failed" limit would answer first with
        # a different message. It still limits wrong TOTP codes.
        return None

    def pre_login(self, request, user, **kwargs):
        if customer_login_refused(user):
            clear_authentication_records(request)
            messages.info(request, "Staff accounts sign in to the back office.")
            return redirect("backoffice:login")
        return super().pre_login(request, user, **kwargs)


class MFAAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        """Admins cannot switch off the TOTP they are required to have."""
        if authenticator.type == Authenticator.Type.TOTP and two_factor_required(
            actor_for(authenticator.user)
        ):
            return False
        return super().can_delete_authenticator(authenticator)
