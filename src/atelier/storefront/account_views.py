"""The signed-in customer's account pages: order history (each order opens on its own
page, `checkout_views.order_page`, which answers only to its owner) and the addresses
kept for the checkout (customers' services).

Sign-up, e-mail verification, password reset and two-factor authentication are
allauth's pages, drawn in the storefront's look by templates/allauth/layouts/.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from atelier.core.errors import DomainError, NotFound
from atelier.customers import access as customers
from atelier.customers import facade as customers_facade
from atelier.customers import services as customer_services
from atelier.sales import selectors
from atelier.sales.enums import OrderStatus
from atelier.storefront.forms_checkout import SavedAddressForm, attach_error

CLAIM_SEEN = "storefront_claim_notice_seen"
# How a customer reads an order's status (the back office keeps the document's words).
CUSTOMER_STATUS = {
    OrderStatus.DRAFT: "Being prepared",
    OrderStatus.SENT: "Awaiting payment",
    OrderStatus.CONFIRMED: "Payment received",
    OrderStatus.INVOICED: "Payment received",
    OrderStatus.PAID: "Confirmed",
    OrderStatus.DELIVERED: "Delivered",
    OrderStatus.DONE: "Delivered",
    OrderStatus.CANCELLED: "Cancelled",
}


@never_cache
@require_safe
@login_required
def account(request):
    orders = selectors.orders_of_customer(request.actor)
    return render(
        request,
        "storefront/account/orders.html",
        {
            "rows": [(order, CUSTOMER_STATUS.get(order.status, "")) for order in orders],
            "claimed": _claimed_once(request, orders),
        },
    )


def _claimed_once(request, orders) -> list:
    """Orders placed as a guest before the account existed (sales attaches them when the
    address is verified), told once per session: "we found 2 earlier orders…"."""
    joined = request.user.date_joined
    earlier = [order for order in orders if order.created_at < joined]
    if not earlier or request.session.get(CLAIM_SEEN):
        return []
    request.session[CLAIM_SEEN] = True
    return earlier


# --- Saved addresses ---------------------------------------------------------------------


def _address(request, address_id):
    try:
        return customers.get_address_for(request.actor, address_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def addresses(request):
    """The saved addresses, and the form to add one."""
    form = SavedAddressForm(request.POST or None, prefix="address")
    if request.method == "POST" and form.is_valid() and _saved(request, form, None, "Added."):
        return redirect("storefront:account_addresses")
    rows = list(customers.addresses_visible_to(request.actor))
    status = 422 if request.method == "POST" else 200
    context = {"addresses": rows, "form": form, "adding": request.method == "POST" or not rows}
    return render(request, "storefront/account/addresses.html", context, status=status)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def address_edit(request, address_id: int):
    address = _address(request, address_id)
    initial = {**address.as_dict(), "label": address.label, "is_default": address.is_default}
    form = SavedAddressForm(request.POST or None, prefix="address", initial=initial)
    if request.method == "POST" and form.is_valid() and _saved(request, form, address, "Saved."):
        return redirect("storefront:account_addresses")
    status = 422 if request.method == "POST" else 200
    context = {"form": form, "address": address}
    return render(request, "storefront/account/address_edit.html", context, status=status)


@login_required
@require_POST
def address_delete(request, address_id: int):
    address = _address(request, address_id)
    customer_services.customer_address_delete(actor=request.actor, address=address)
    messages.success(request, "Address deleted.")
    return redirect("storefront:account_addresses")


def _saved(request, form, address, message: str) -> bool:
    try:
        customer_services.customer_address_save(
            actor=request.actor, data=form.cleaned_data, address=address
        )
    except DomainError as exc:
        if not attach_error(exc, forms_by_prefix={"address": form}):
            form.add_error(None, exc.message)
        return False
    messages.success(request, f"Address {message.lower().rstrip('.')}.")
    return True


# --- Text messages and language ------------------------------------------------------------

LANGUAGES = [
    ("", "No preference"),
    ("en", "English"),
    ("fr", "Français"),
    ("it", "Italiano"),
    ("de", "Deutsch"),
]


class NotificationsForm(forms.Form):
    """The shape of the page only: customers' service checks the number and the rules."""

    phone = forms.CharField(
        label="Mobile phone",
        max_length=40,
        required=False,
        help_text="With its country code, for example +33 6 12 34 56 78.",
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    sms_opt_in = forms.BooleanField(label="Text me about my orders", required=False)
    language = forms.ChoiceField(
        label="Language of our messages", choices=LANGUAGES, required=False
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def notifications(request):
    """How the customer wants to hear about their orders: text messages and language."""
    current = customers_facade.contact_preference(request.user.pk)
    initial = (
        {"phone": current.phone, "sms_opt_in": current.sms_opt_in, "language": current.language}
        if current
        else {}
    )
    form = NotificationsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            customer_services.contact_preference_set(
                user_id=request.user.pk, actor=request.actor, **form.cleaned_data
            )
        except DomainError as exc:
            if not attach_error(exc, forms_by_prefix={"": form}):
                form.add_error(None, exc.message)
        else:
            messages.success(request, "Your preferences are saved.")
            return redirect("storefront:account_notifications")
    status = 422 if request.method == "POST" else 200
    return render(request, "storefront/account/notifications.html", {"form": form}, status=status)
