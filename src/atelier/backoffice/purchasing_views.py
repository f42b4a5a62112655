"""Purchasing pages of the back office: thin views over purchasing selectors and
services. Rows come through `purchasing.access` (404 outside your scope); each write
calls one service, and a refusal is shown as a message without writing anything."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from atelier.backoffice import purchasing_forms as forms
from atelier.backoffice.actions import attempt
from atelier.backoffice.decorators import backoffice_view
from atelier.catalog import facade as catalog
from atelier.core.errors import Conflict, PermissionDenied, ValidationFailed
from atelier.inventory import facade as inventory
from atelier.purchasing import access, selectors, services

# A refused permission answers 403 on these pages (the gate), not a message.
_attempt = partial(attempt, refusals=(ValidationFailed, Conflict))


def _require_raise(actor) -> None:
    if not access.may_raise(actor):
        raise PermissionDenied("You may not raise purchase orders.")


@backoffice_view
def po_list(request):
    if not access.is_staff_viewer(request.actor):
        raise PermissionDenied("You may not see purchase orders.")
    form = forms.PurchaseOrderFilterForm(request.GET or None)
    page = selectors.purchase_orders_for(
        request.actor,
        q=form.value("q") or "",
        sort=form.value("sort") or "deadline",
        status=form.value("status") or "",
        manufacturer_id=form.value("manufacturer"),
        page=request.GET.get("page", 1),
    )
    context = {"form": form, "page": page, "may_raise": access.may_raise(request.actor)}
    return render(request, "backoffice/purchasing/list.html", context)


@backoffice_view
def po_detail(request, number):
    detail = selectors.purchase_order_detail(request.actor, number)
    po = detail.po
    context = {
        "d": detail,
        "po": po,
        "may_edit": access.may(request.actor, po, "edit"),
        "may_release": access.may(request.actor, po, "release"),
        "may_reassign": access.may(request.actor, po, "reassign"),
        "may_file": access.may(request.actor, po, "file"),
        "draft_form": forms.DraftForm(
            initial={
                "required_date": po.required_date,
                "notes": po.notes,
                "ship_from_workshop": po.ship_from_workshop,
                "delivery_address": po.delivery_address,
            }
        ),
        "file_form": forms.FileForm(lines=detail.lines),
        "message_form": forms.MessageForm(),
        "reassign_form": forms.ReassignForm(),
    }
    return render(request, "backoffice/purchasing/detail.html", context)


@backoffice_view
def po_new(request):
    _require_raise(request.actor)
    form = forms.ManualPurchaseOrderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data, created = form.cleaned_data, []
        done = _attempt(
            request,
            lambda: created.append(
                services.purchase_order_create(
                    manufacturer_id=data["manufacturer"],
                    lines=data["lines"],
                    origin=data["origin"],
                    currency=data["currency"],
                    required_date=data["required_date"],
                    notes=data["notes"],
                    actor=request.actor,
                )
            ),
            "Purchase order raised (draft).",
        )
        if done:
            return redirect("backoffice:purchasing_detail", number=created[0].number)
    return render(request, "backoffice/purchasing/new.html", {"form": form})


@backoffice_view
def po_from_proposals(request):
    _require_raise(request.actor)
    if request.method == "POST":
        numbers, created = request.POST.getlist("proposal"), []
        done = _attempt(
            request,
            lambda: created.extend(
                services.purchase_order_from_proposals(
                    proposal_numbers=numbers, actor=request.actor
                )
            ),
            "Replenishment purchase orders raised.",
        )
        if done:
            return redirect("backoffice:purchasing_list")
    proposals = inventory.purchase_proposals_ready()
    variants = catalog.variants_by_ids({p.variant_id for p in proposals})
    rows = [(p, variants.get(p.variant_id)) for p in proposals]
    return render(request, "backoffice/purchasing/proposals.html", {"rows": rows})


@backoffice_view
@require_POST
def po_update(request, number):
    form = forms.DraftForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        _attempt(
            request,
            lambda: services.purchase_order_update(
                number=number,
                required_date=data["required_date"],
                notes=data["notes"],
                ship_from_workshop=data["ship_from_workshop"],
                delivery_address=data["delivery_address"],
                actor=request.actor,
            ),
            "Saved.",
        )
    else:
        messages.error(request, "Check the dates and texts.")
    return redirect("backoffice:purchasing_detail", number=number)


@backoffice_view
@require_POST
def po_action(request, number, action):
    reason = request.POST.get("reason", "")
    calls = {
        "release": lambda: services.purchase_order_release(number=number, actor=request.actor),
        "cancel": lambda: services.purchase_order_cancel(
            number=number, reason=reason, actor=request.actor
        ),
    }
    _attempt(
        request,
        calls[action],
        {"release": "Released to the workshop.", "cancel": "Cancelled."}[action],
    )
    return redirect("backoffice:purchasing_detail", number=number)


@backoffice_view
@require_POST
def po_reassign(request, number):
    form = forms.ReassignForm(request.POST)
    if form.is_valid():
        _attempt(
            request,
            lambda: services.purchase_order_reassign(
                number=number,
                manufacturer_id=form.cleaned_data["manufacturer"],
                reason=form.cleaned_data["reason"],
                actor=request.actor,
            ),
            "Reassigned.",
        )
    else:
        messages.error(request, "Choose a manufacturer and give a reason.")
    return redirect("backoffice:purchasing_detail", number=number)


@backoffice_view
@require_POST
def po_message(request, number):
    form = forms.MessageForm(request.POST)
    body = form.cleaned_data["body"] if form.is_valid() else ""
    _attempt(
        request,
        lambda: services.purchase_order_message_post(number=number, body=body, actor=request.actor),
        "Message sent.",
    )
    return redirect("backoffice:purchasing_detail", number=number)


@backoffice_view
@require_POST
def po_file_add(request, number):
    po = access.get_purchase_order_for(request.actor, number, action="file")
    form = forms.FileForm(request.POST, request.FILES, lines=po.lines.all())
    if form.is_valid():
        data = form.cleaned_data
        _attempt(
            request,
            lambda: services.purchase_order_file_add(
                number=number,
                kind=data["kind"],
                title=data["title"],
                file=data["file"],
                line_position=data["line"],
                actor=request.actor,
            ),
            "File added.",
        )
    else:
        messages.error(request, "Choose a kind, a title and a file.")
    return redirect("backoffice:purchasing_detail", number=number)


@backoffice_view
def po_file(request, number, file_id):
    row = selectors.purchase_order_file_for(request.actor, number, file_id)
    name = row.file.name.rsplit("/", 1)[-1]
    return FileResponse(row.file.open("rb"), as_attachment=True, filename=name)
