"""Stock pages of the back office: thin views over inventory selectors and services.

Rows come from `inventory.access` through the selectors (404 outside your scope);
writes call one service each, and a refusal (ValidationFailed, Conflict) is shown as a
message without writing anything.
"""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from atelier.backoffice import inventory_forms as forms
from atelier.backoffice.actions import attempt
from atelier.backoffice.decorators import backoffice_view
from atelier.core.errors import Conflict, ValidationFailed
from atelier.inventory import access, services
from atelier.inventory.enums import ProposalKind
from atelier.inventory.selectors import documents, exceptions
from atelier.inventory.selectors import levels as stock

# A refused permission answers 403 on these pages (the gate), not a message.
_attempt = partial(attempt, refusals=(ValidationFailed, Conflict))

PAGE_SIZE = 50


# --- Stock and moves ------------------------------------------------------------------


@backoffice_view
def stock_levels(request):
    form = forms.LevelFilterForm(request.GET or None, actor=request.actor)
    rows = stock.stock_levels(request.actor, form.filters())
    page = stock.page_with_variants(rows, request.GET.get("page"), PAGE_SIZE)
    return render(request, "backoffice/stock/levels.html", {"form": form, "page": page})


@backoffice_view
def stock_moves(request):
    form = forms.MoveFilterForm(request.GET or None, actor=request.actor)
    rows = stock.stock_moves(request.actor, form.filters())
    page = stock.page_with_variants(rows, request.GET.get("page"), PAGE_SIZE)
    return render(request, "backoffice/stock/moves.html", {"form": form, "page": page})


@backoffice_view
def stock_adjust(request):
    initial = {"location": request.GET.get("location", ""), "sku": request.GET.get("sku", "")}
    form = forms.AdjustmentForm(request.POST or None, actor=request.actor, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        location = access.get_location_for(request.actor, data["location"], action="manage")
        done = _attempt(
            request,
            lambda: services.stock_adjust(
                location=location,
                variant_id=data["sku"],
                quantity=data["quantity"],
                reason=data["reason"],
                note=data["note"],
                actor=request.actor,
            ),
            "Stock adjusted.",
        )
        if done:
            return redirect(f"{reverse('backoffice:stock_moves')}?location={location.code}")
    return render(request, "backoffice/stock/adjust.html", {"form": form})


@backoffice_view
def location_list(request):
    locations = stock.location_choices(request.actor)
    manageable = {x.pk for x in stock.location_choices(request.actor, manageable=True)}
    return render(
        request,
        "backoffice/stock/locations.html",
        {"locations": locations, "manageable": manageable},
    )


@backoffice_view
@require_POST
def location_online(request, code):
    location = access.get_location_for(request.actor, code, action="manage")
    sells = request.POST.get("sells_online") == "1"
    _attempt(
        request,
        lambda: services.location_update(
            location=location, sells_online=sells, actor=request.actor
        ),
        f"{location.name}: online sales {'on' if sells else 'off'}.",
    )
    return redirect("backoffice:stock_locations")


# --- Transfers ------------------------------------------------------------------------


@backoffice_view
def transfer_list(request):
    form = forms.DocumentFilterForm(request.GET or None, statuses=forms.TRANSFER_STATUSES)
    rows = documents.transfer_list(request.actor, status=form.value("status"))
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "backoffice/stock/transfers.html", {"form": form, "page": page})


@backoffice_view
def transfer_new(request):
    sites = stock.transfer_sites(request.actor)
    form = forms.TransferRequestForm(request.POST or None, actor=request.actor, sites=sites)
    if request.method == "POST" and form.is_valid():
        data, by_code = form.cleaned_data, {x.code: x for x in sites}
        created = []
        done = _attempt(
            request,
            lambda: created.append(
                services.transfer_request(
                    source=by_code[data["source"]],
                    destination=by_code[data["destination"]],
                    lines=data["lines"],
                    note=data["note"],
                    actor=request.actor,
                )
            ),
            "Transfer requested.",
        )
        if done:
            return redirect("backoffice:stock_transfer", number=created[0].number)
    return render(request, "backoffice/stock/transfer_new.html", {"form": form})


@backoffice_view
def transfer_detail(request, number):
    detail = documents.transfer_detail(request.actor, number)
    return render(request, "backoffice/stock/transfer_detail.html", {"d": detail})


@backoffice_view
@require_POST
def transfer_action(request, number, action):
    transfer = access.get_transfer_for(request.actor, number, action=action)
    lines = list(transfer.lines.all())
    quantities = forms.line_quantities(request.POST, lines, "qty")
    reason = request.POST.get("reason", "")
    if quantities is None:
        messages.error(request, "Quantities are whole numbers.")
        return redirect("backoffice:stock_transfer", number=number)
    calls = {
        "ship": lambda: services.transfer_ship(
            transfer=transfer, quantities=quantities, actor=request.actor
        ),
        "receive": lambda: services.transfer_receive(
            transfer=transfer, quantities=quantities, note=reason, actor=request.actor
        ),
        "cancel": lambda: services.transfer_cancel(
            transfer=transfer, reason=reason, actor=request.actor
        ),
    }
    _attempt(request, calls[action], f"Transfer {number}: {action} done.")
    return redirect("backoffice:stock_transfer", number=number)


# --- Counts ---------------------------------------------------------------------------


@backoffice_view
def count_list(request):
    form = forms.DocumentFilterForm(request.GET or None, statuses=forms.COUNT_STATUSES)
    rows = documents.count_sheet_list(request.actor, status=form.value("status"))
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    create = forms.CountCreateForm(actor=request.actor)
    return render(
        request, "backoffice/stock/counts.html", {"form": form, "page": page, "create": create}
    )


@backoffice_view
@require_POST
def count_new(request):
    form = forms.CountCreateForm(request.POST, actor=request.actor)
    if not form.is_valid():
        messages.error(request, "Choose a location you manage.")
        return redirect("backoffice:stock_counts")
    location = access.get_location_for(request.actor, form.cleaned_data["location"], "manage")
    created = []
    _attempt(
        request,
        lambda: created.append(
            services.count_sheet_create(
                location=location, category_id=form.cleaned_data["category"], actor=request.actor
            )
        ),
        "Count sheet opened.",
    )
    if created:
        return redirect("backoffice:stock_count", number=created[0].number)
    return redirect("backoffice:stock_counts")


@backoffice_view
def count_detail(request, number):
    detail = documents.count_sheet_detail(request.actor, number)
    return render(
        request,
        "backoffice/stock/count_detail.html",
        {"d": detail, "add": forms.CountAddForm()},
    )


@backoffice_view
@require_POST
def count_record(request, number):
    sheet = access.get_count_sheet_for(request.actor, number, action="manage")
    counted = forms.line_quantities(request.POST, list(sheet.lines.all()), "counted")
    if counted is None:
        messages.error(request, "Counted quantities are whole numbers.")
        return redirect("backoffice:stock_count", number=number)
    variants = dict(sheet.lines.values_list("pk", "variant_id"))
    _attempt(
        request,
        lambda: services.count_lines_record(
            sheet=sheet,
            counted={variants[pk]: qty for pk, qty in counted.items()},
            actor=request.actor,
        ),
        f"{len(counted)} count(s) saved.",
    )
    return redirect("backoffice:stock_count", number=number)


@backoffice_view
@require_POST
def count_add(request, number):
    sheet = access.get_count_sheet_for(request.actor, number, action="manage")
    form = forms.CountAddForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return redirect("backoffice:stock_count", number=number)
    data = form.cleaned_data
    _attempt(
        request,
        lambda: services.count_line_record(
            sheet=sheet,
            variant_id=data["sku"],
            counted=data["counted"],
            reason=data["reason"],
            actor=request.actor,
        ),
        "Line added.",
    )
    return redirect("backoffice:stock_count", number=number)


@backoffice_view
@require_POST
def count_action(request, number, action):
    sheet = access.get_count_sheet_for(request.actor, number, action="manage")
    reason, actor = request.POST.get("reason", ""), request.actor
    calls = {
        "submit": lambda: services.count_sheet_submit(sheet=sheet, actor=actor),
        "approve": lambda: services.count_sheet_approve(sheet=sheet, note=reason, actor=actor),
        "reopen": lambda: services.count_sheet_reopen(sheet=sheet, reason=reason, actor=actor),
        "cancel": lambda: services.count_sheet_cancel(sheet=sheet, reason=reason, actor=actor),
    }
    _attempt(request, calls[action], f"Count {number}: {action} done.")
    return redirect("backoffice:stock_count", number=number)


# --- Replenishment --------------------------------------------------------------------


@backoffice_view
def proposal_list(request):
    form = forms.DocumentFilterForm(
        request.GET or None, statuses=forms.PROPOSAL_STATUSES, kinds=forms.PROPOSAL_KINDS
    )
    rows = documents.proposal_list(
        request.actor, status=form.value("status"), kind=form.value("kind")
    )
    page = stock.page_with_variants(rows, request.GET.get("page"), PAGE_SIZE)
    return render(request, "backoffice/stock/proposals.html", {"form": form, "page": page})


@backoffice_view
@require_POST
def replenishment_run(request):
    result = []
    _attempt(
        request,
        lambda: result.append(services.replenishment_run(actor=request.actor)),
        "Replenishment run finished.",
    )
    if result:
        messages.info(request, str(result[0]))
    return redirect("backoffice:stock_proposals")


@backoffice_view
@require_POST
def proposal_action(request, action):
    numbers = request.POST.getlist("proposal")
    proposals = [access.get_proposal_for(request.actor, n, action="manage") for n in numbers]
    if not proposals:
        messages.error(request, "Select at least one proposal.")
        return redirect("backoffice:stock_proposals")
    reason, actor = request.POST.get("reason", ""), request.actor
    calls = {
        "approve": lambda: [services.proposal_approve(proposal=p, actor=actor) for p in proposals],
        "reject": lambda: [
            services.proposal_reject(proposal=p, reason=reason, actor=actor) for p in proposals
        ],
        "convert": lambda: services.proposals_convert_to_transfers(
            proposals=[p for p in proposals if p.kind == ProposalKind.TRANSFER], actor=actor
        ),
    }
    _attempt(request, calls[action], f"{len(proposals)} proposal(s): {action} done.")
    return redirect("backoffice:stock_proposals")


# --- Exceptions and labels ------------------------------------------------------------


@backoffice_view
def exceptions_page(request):
    found = exceptions.exceptions_for(request.actor)
    return render(request, "backoffice/stock/exceptions.html", {"x": found})


@backoffice_view
def variant_label(request, variant_id):
    location = None
    if code := request.GET.get("location"):
        location = access.get_location_for(request.actor, code)
    pdf = services.variant_label_pdf(variant_id=variant_id, location=location)
    return _pdf(pdf, f"label-variant-{variant_id}.pdf")


@backoffice_view
def location_label(request, code):
    location = access.get_location_for(request.actor, code)
    return _pdf(services.location_label_pdf(location=location), f"label-{location.code}.pdf")


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
