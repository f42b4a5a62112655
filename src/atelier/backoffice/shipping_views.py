"""Delivery in the back office: orders ready to ship, the shipment page (address check,
adjustments, rates with their dates, white-glove slot, booking, label and customs
invoice, manual steps, tracking history).

Thin: rows come from `shipping.selectors` / `shipping.access` (404 outside the actor's
scope); each change calls one shipping service; a refusal is shown as a message."""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from atelier.accounts.roles import Cap
from atelier.backoffice import shipping_forms as forms
from atelier.backoffice.actions import attempt, form_error
from atelier.backoffice.decorators import backoffice_view
from atelier.core.errors import PermissionDenied
from atelier.shipping import access, selectors, services
from atelier.shipping.enums import EDITABLE_STATUSES, ShipmentStatus
from atelier.shipping.transitions import TRANSITIONS

ROAD = ("shipped", "out_for_delivery", "delivered", "exception")


def _back(number: str):
    return redirect("backoffice:shipment_detail", number=number)


def _require_manage(request) -> None:
    if not request.actor.has_perm(Cap.MANAGE_SHIPMENTS.perm):
        raise PermissionDenied("You are not allowed to manage shipments.")


@backoffice_view
def shipment_list(request):
    _require_manage(request)
    context = {
        "to_ship": selectors.orders_to_ship(request.actor, page=request.GET.get("ready") or 1),
        "page": selectors.shipment_list(
            request.actor,
            open_only=request.GET.get("all") != "1",
            page=request.GET.get("page") or 1,
        ),
        "show_all": request.GET.get("all") == "1",
    }
    return render(request, "backoffice/shipping/list.html", context)


@backoffice_view
@require_POST
def shipment_prepare(request, order_ref):
    prepared = attempt(
        request,
        lambda: services.shipment_prepare(order_ref=order_ref, actor=request.actor),
        f"Shipment prepared for {order_ref}.",
    )
    if not prepared:
        return redirect("backoffice:shipment_list")
    return _back(prepared.value.number)


@backoffice_view
def shipment_detail(request, number):
    d = selectors.shipment_detail(request.actor, number)
    shipment = d.shipment
    rates, rates_form = None, forms.RatesForm(request.GET or None)
    if "rates" in request.GET and rates_form.is_valid():
        rates = attempt(
            request,
            lambda: services.shipment_rates(
                shipment=shipment,
                actor=request.actor,
                ship_date=rates_form.cleaned_data["ship_date"],
            ),
            "The carrier's rates.",
        ).value
    context = {
        "d": d,
        "shipment": shipment,
        "rates": rates,
        "rates_form": rates_form,
        "editable": shipment.status in EDITABLE_STATUSES,
        "may_manage": request.actor.has_perm(Cap.MANAGE_SHIPMENTS.perm),
        "adjust_form": forms.AdjustForm(line_refs=[ln.line_ref for ln in d.lines]),
        "slot_form": forms.SlotForm(),
        "cancel_form": forms.ReasonForm(),
        "road": [(to, TRANSITIONS[(shipment.status, to)].label) for to in d.allowed if to in ROAD],
        "may_confirm": ShipmentStatus.CONFIRMED in d.allowed,
        "may_book": ShipmentStatus.BOOKED in d.allowed,
        "may_cancel": ShipmentStatus.CANCELLED in d.allowed,
    }
    return render(request, "backoffice/shipping/detail.html", context)


def _manageable(request, number):
    return access.get_shipment_for(request.actor, number, action="manage")


@backoffice_view
@require_POST
def shipment_confirm_address(request, number):
    shipment = _manageable(request, number)
    attempt(
        request,
        lambda: services.shipment_confirm_address(shipment=shipment, actor=request.actor),
        "The carrier confirmed the address.",
    )
    return _back(number)


@backoffice_view
@require_POST
def shipment_adjust(request, number):
    shipment = _manageable(request, number)
    refs = list(shipment.lines.values_list("line_ref", flat=True))
    form = forms.AdjustForm(request.POST, line_refs=refs)
    if not form.is_valid():
        form_error(request, form)
        return _back(number)
    data = form.cleaned_data
    attempt(
        request,
        lambda: services.shipment_adjust(
            shipment=shipment,
            field=data["field"],
            value=data["value"],
            reason=data["reason"],
            actor=request.actor,
        ),
        "Adjustment recorded.",
    )
    return _back(number)


@backoffice_view
@require_POST
def shipment_choose_rate(request, number):
    shipment = _manageable(request, number)
    form = forms.ChooseRateForm(request.POST)
    if not form.is_valid():
        form_error(request, form)
        return _back(number)
    attempt(
        request,
        lambda: services.shipment_choose_rate(
            shipment=shipment,
            product_code=form.cleaned_data["product_code"],
            ship_date=form.cleaned_data["ship_date"],
            actor=request.actor,
        ),
        "Rate chosen.",
    )
    return _back(number)


@backoffice_view
@require_POST
def shipment_slot(request, number):
    shipment = _manageable(request, number)
    form = forms.SlotForm(request.POST)
    if not form.is_valid():
        form_error(request, form)
        return _back(number)
    attempt(
        request,
        lambda: services.shipment_book_slot(
            shipment=shipment,
            day=form.cleaned_data["day"],
            window=form.cleaned_data["window"],
            actor=request.actor,
        ),
        "Delivery slot booked.",
    )
    return _back(number)


@backoffice_view
@require_POST
def shipment_confirm(request, number):
    shipment = _manageable(request, number)
    attempt(
        request,
        lambda: services.shipment_confirm(shipment=shipment, actor=request.actor),
        "Lines, dates and pricing checked: ready to book.",
    )
    return _back(number)


@backoffice_view
@require_POST
def shipment_book(request, number):
    shipment = _manageable(request, number)
    attempt(
        request,
        lambda: services.shipment_book(shipment=shipment, actor=request.actor),
        "Shipment booked.",
    )
    return _back(number)


@backoffice_view
@require_POST
def shipment_cancel(request, number):
    shipment = _manageable(request, number)
    form = forms.ReasonForm(request.POST)
    if not form.is_valid():
        form_error(request, form)
        return _back(number)
    attempt(
        request,
        lambda: services.shipment_cancel(
            shipment=shipment, reason=form.cleaned_data["reason"], actor=request.actor
        ),
        "Shipment cancelled.",
    )
    return _back(number)


@backoffice_view
@require_POST
def shipment_mark(request, number):
    shipment = _manageable(request, number)
    form = forms.MarkForm(request.POST)
    if not form.is_valid():
        form_error(request, form)
        return _back(number)
    to = form.cleaned_data["to"]
    attempt(
        request,
        lambda: services.shipment_mark(
            shipment=shipment, to_status=to, note=form.cleaned_data["note"], actor=request.actor
        ),
        f"Marked {ShipmentStatus(to).label.lower()}.",
    )
    return _back(number)


@backoffice_view
@require_POST
def shipment_track(request, number):
    shipment = _manageable(request, number)
    attempt(
        request,
        lambda: services.shipment_track_refresh(shipment=shipment, actor=request.actor),
        "Tracking refreshed.",
    )
    return _back(number)


@backoffice_view
def shipment_document(request, number, kind):
    shipment = access.get_shipment_for(request.actor, number)
    file = shipment.label if kind == "label" else shipment.customs_invoice
    if not file:
        raise Http404("No such document.")
    name = "label" if kind == "label" else "customs-invoice"
    return FileResponse(
        file.open("rb"),
        as_attachment=True,
        filename=f"{shipment.number}-{name}.pdf",
        content_type="application/pdf",
    )
