"""Sales orders in the back office: search, the order page, its changes, and the
assisted sale (a quotation made in a boutique, sent, and paid through a payment link).

Thin: rows come from `sales.selectors` / `sales.access` (404 outside the actor's scope);
each change calls one sales service, and a refusal (ValidationFailed, Conflict,
PermissionDenied) is shown as a message with nothing written. The buttons are the
transitions `allowed_transitions` returns; the forms appear only in the states that
accept them, and the service has the last word.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from atelier.accounts.roles import Cap
from atelier.backoffice import orders_forms as forms
from atelier.backoffice.actions import attempt, form_error
from atelier.backoffice.decorators import backoffice_view
from atelier.sales import access, selectors, services
from atelier.sales.enums import (
    BILLING_EDITABLE_STATUSES,
    CONTACT_EDITABLE_STATUSES,
    OrderStatus,
)
from atelier.sales.transitions import TRANSITIONS

PER_PAGE = 25


def _back(number: str):
    return redirect("backoffice:order_detail", number=number)


# --- Search --------------------------------------------------------------------------------


@backoffice_view
def order_list(request):
    form = forms.OrderSearchForm(request.GET or None)
    page = selectors.order_search(
        request.actor, **form.filters(), page=request.GET.get("page") or 1, per_page=PER_PAGE
    )
    return render(request, "backoffice/orders/list.html", {"form": form, "page": page})


# --- The order page ------------------------------------------------------------------------


@backoffice_view
def order_detail(request, number):
    detail = selectors.order_detail(request.actor, number)
    order = detail.order
    may_manage = request.actor.has_perm(Cap.MANAGE_ORDERS.perm)
    buttons = [
        {"to": to, "spec": TRANSITIONS[(order.status, to)], "label": _label(order.status, to)}
        for to in detail.allowed_transitions
    ]
    context = {
        "d": detail,
        "order": order,
        "buttons": buttons,
        "may_manage": may_manage,
        "is_draft": order.status == OrderStatus.DRAFT,
        "contact_editable": order.status in CONTACT_EDITABLE_STATUSES,
        "billing_editable": order.status in BILLING_EDITABLE_STATUSES,
        "may_send_link": request.actor.has_perm(Cap.SEND_PAYMENT_LINKS.perm)
        and order.status in (OrderStatus.SENT, OrderStatus.CONFIRMED)
        and bool(order.balance_due),
        "line_form": forms.LineForm(),
        "contact_form": forms.ContactForm(
            initial={"email": order.email, "phone": str(order.phone or "")}
        ),
        "delivery_form": forms.DeliveryForm(
            initial={"shipping_method": order.shipping_method, **_address(order)},
            address_required=order.shipping_address_id is None,
        ),
        "billing_form": forms.AddressForm(
            prefix="billing", initial=_address(order, "billing_address")
        ),
        "shipping_form": forms.AddressForm(prefix="shipping", initial=_address(order)),
        "link_form": forms.PaymentLinkForm(initial={"via": "email"}),
    }
    return render(request, "backoffice/orders/detail.html", context)


def _label(status: str, to: str) -> str:
    spec = TRANSITIONS[(status, to)]
    return spec.label or OrderStatus(to).label


def _address(order, field: str = "shipping_address") -> dict:
    address = getattr(order, field)
    return address.as_dict() if address else {}


@backoffice_view
def order_invoice(request, number, invoice_number):
    detail = selectors.order_detail(request.actor, number)
    invoice = next((i for i in detail.invoices if i.number == invoice_number), None)
    if invoice is None or not invoice.pdf:
        raise Http404("No such invoice.")
    return FileResponse(
        invoice.pdf.open("rb"),
        as_attachment=True,
        filename=f"{invoice.number}.pdf",
        content_type="application/pdf",
    )


# --- Status --------------------------------------------------------------------------------

# The service behind each move of the order's state machine (sales.transitions).
STATUS_SERVICES: dict[str, Callable] = {
    OrderStatus.SENT: lambda order, reason, actor: services.quotation_send(
        order=order, actor=actor
    ),
    OrderStatus.DRAFT: lambda order, reason, actor: services.quotation_revise(
        order=order, reason=reason, actor=actor
    ),
    OrderStatus.CONFIRMED: lambda order, reason, actor: services.order_confirm(
        order=order, actor=actor
    ),
    OrderStatus.DONE: lambda order, reason, actor: services.order_complete(
        order=order, actor=actor
    ),
    OrderStatus.CANCELLED: lambda order, reason, actor: services.order_cancel(
        order=order, reason=reason, actor=actor
    ),
}


@backoffice_view
@require_POST
def order_transition(request, number):
    order = access.get_order_for(request.actor, number)
    form = forms.TransitionForm(request.POST)
    if not form.is_valid() or form.cleaned_data["to"] not in STATUS_SERVICES:
        messages.error(request, "This change is not available here.")
        return _back(number)
    to, reason = form.cleaned_data["to"], form.cleaned_data["reason"]
    call = STATUS_SERVICES[to]
    attempt(
        request,
        lambda: call(order, reason, request.actor),
        f"{order.number}: {OrderStatus(to).label.lower()}.",
    )
    return _back(number)


# --- Changes -------------------------------------------------------------------------------


@backoffice_view
@require_POST
def order_contact(request, number):
    order = access.get_order_for(request.actor, number, action="manage")
    form = forms.ContactForm(request.POST)
    if not form.is_valid():
        form_error(request, form)
        return _back(number)
    attempt(
        request,
        lambda: services.order_update_contact(
            order=order,
            email=form.cleaned_data["email"],
            phone=form.cleaned_data["phone"],
            actor=request.actor,
        ),
        "Contact details saved.",
    )
    return _back(number)


@backoffice_view
@require_POST
def order_billing(request, number):
    return _address_save(request, number, kind="billing", saved="Billing address saved.")


@backoffice_view
@require_POST
def order_shipping_address(request, number):
    """A new delivery address for a sent or confirmed order (same tax destination)."""
    return _address_save(request, number, kind="shipping", saved="Delivery address saved.")


def _address_save(request, number, *, kind: str, saved: str):
    order = access.get_order_for(request.actor, number, action="manage")
    form = forms.AddressForm(request.POST, prefix=kind)
    if not form.is_valid():
        form_error(request, form)
        return _back(number)
    attempt(
        request,
        lambda: services.order_update_addresses(
            order=order, actor=request.actor, **{f"{kind}_address": form.address()}
        ),
        saved,
    )
    return _back(number)


@backoffice_view
@require_POST
def order_delivery(request, number):
    order = access.get_order_for(request.actor, number, action="manage")
    form = forms.DeliveryForm(request.POST, address_required=order.shipping_address_id is None)
    if not form.is_valid():
        form_error(request, form)
        return _back(number)
    attempt(
        request,
        lambda: services.quotation_set_delivery(
            order=order,
            shipping_method=form.cleaned_data["shipping_method"],
            shipping_address=form.address(),
            actor=request.actor,
        ),
        "Delivery saved; the quotation is re-priced.",
    )
    return _back(number)


@backoffice_view
@require_POST
def order_line_add(request, number):
    order = access.get_order_for(request.actor, number, action="manage")
    form = forms.LineForm(request.POST)
    if not form.is_valid():
        form_error(request, form)
        return _back(number)
    data = form.cleaned_data
    attempt(
        request,
        lambda: services.quotation_add_line(
            order=order,
            sku=data["sku"],
            quantity=data["quantity"],
            options=data["options"] or None,
            dimensions=form.dimensions(),
            actor=request.actor,
        ),
        f"{data['sku']} added.",
    )
    return _back(number)


@backoffice_view
@require_POST
def order_line_update(request, number, ref):
    order = access.get_order_for(request.actor, number, action="manage")
    if request.POST.get("remove"):
        attempt(
            request,
            lambda: services.quotation_remove_line(order=order, line_ref=ref, actor=request.actor),
            f"Line {ref} removed.",
        )
        return _back(number)
    form = forms.QuantityForm(request.POST)
    if not form.is_valid():
        form_error(request, form)
        return _back(number)
    attempt(
        request,
        lambda: services.quotation_update_line(
            order=order,
            line_ref=ref,
            quantity=form.cleaned_data["quantity"],
            actor=request.actor,
        ),
        f"Line {ref}: quantity {form.cleaned_data['quantity']}.",
    )
    return _back(number)


@backoffice_view
@require_POST
def order_payment_link(request, number):
    order = access.get_order_for(request.actor, number)
    form = forms.PaymentLinkForm(request.POST)
    if not form.is_valid():
        form_error(request, form)
        return _back(number)
    via = form.cleaned_data["via"]
    attempt(
        request,
        lambda: services.payment_link_send(order=order, via=via, actor=request.actor),
        f"Payment link sent by {'SMS' if via == 'sms' else 'e-mail'} to the customer.",
    )
    return _back(number)


# --- The assisted sale ---------------------------------------------------------------------


@backoffice_view
@require_http_methods(["GET", "POST"])
def quotation_new(request):
    boutiques = list(access.boutiques_for_quotations(request.actor))
    form = forms.QuotationForm(request.POST or None, boutiques=boutiques)
    earlier = None
    email = (request.POST.get("email") or request.GET.get("email") or "").strip()
    if email and "@" in email:  # a returning customer: their earlier orders in our scope
        earlier = selectors.order_search(request.actor, q=email, per_page=10)
    if request.method == "POST" and form.is_valid():
        data, created = form.cleaned_data, []
        done = attempt(
            request,
            lambda: created.append(
                services.quotation_create(
                    email=data["email"],
                    phone=data["phone"],
                    boutique_id=data["boutique"],
                    note=data["note"],
                    actor=request.actor,
                )
            ),
            "Quotation created: add the pieces, then the delivery.",
        )
        if done:
            return _back(created[0].number)
    return render(
        request,
        "backoffice/orders/new.html",
        {"form": form, "earlier": earlier, "may_create": bool(boutiques)},
    )
