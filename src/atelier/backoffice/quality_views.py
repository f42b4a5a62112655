"""Quality pages of the back office, made for a tablet or phone on the workshop floor:
the queue (search by item code — a QR scan types it), the inspection page (pass/fail
toggles, measures against target ± tolerance, defects, camera photos, finish), finished
inspections read-only, and checklist management. Thin views: rows come from
`quality.access`/`quality.selectors` (404 outside your scope), every write is one
service call, and a refusal is shown as a message with nothing written.
"""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from atelier.backoffice import quality_forms as forms
from atelier.backoffice.actions import attempt
from atelier.backoffice.decorators import backoffice_view
from atelier.core.errors import Conflict, ValidationFailed
from atelier.quality import access, selectors, services
from atelier.quality.enums import ItemKind

# A refused permission answers 403 on these pages (the gate), not a message.
_attempt = partial(attempt, refusals=(ValidationFailed, Conflict))

PAGE_SIZE = 30


def _back(number: str, anchor: str = ""):
    return redirect(reverse("backoffice:quality_inspection", args=[number]) + anchor)


# --- Queue and inspection ---------------------------------------------------------------


@backoffice_view
def queue(request):
    form = forms.QueueSearchForm(request.GET or None)
    q, finished = "", False
    if form.is_valid():
        q, finished = form.cleaned_data["q"], form.cleaned_data["finished"]
    rows = selectors.inspection_queue(request.actor, q=q, finished=finished)
    if q and not finished:
        exact = selectors.exact_match(rows, q)
        if exact is not None:  # a scanned code opens its inspection
            return _back(exact.number)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "q": q, "finished": finished}
    return render(request, "backoffice/quality/queue.html", context)


@backoffice_view
def inspection_detail(request, number):
    d = selectors.inspection_page(request.actor, number)
    context = {
        "d": d,
        "defect_form": forms.DefectForm(results=d.results),
        "photo_form": forms.PhotoForm(defects=d.defects),
        "finish_form": forms.FinishForm(initial={"notes": d.inspection.notes}),
        "editable": d.may_inspect and d.inspection.status == "in_progress",
    }
    return render(request, "backoffice/quality/inspection.html", context)


@require_POST
@backoffice_view
def inspection_start(request, number):
    inspection = access.get_inspection_for(request.actor, number, action="inspect")
    _attempt(
        request,
        lambda: services.inspection_start(inspection=inspection, actor=request.actor),
        "Inspection started.",
    )
    return _back(number)


def _entries(request, inspection) -> list[services.ResultEntry]:
    entries = []
    for result in inspection.results.all():
        if result.kind == ItemKind.PASS_FAIL:
            raw = request.POST.get(f"r-{result.pk}", "")
            if raw in ("pass", "fail"):
                entries.append(services.ResultEntry(result.pk, passed=raw == "pass"))
        else:
            raw = request.POST.get(f"m-{result.pk}", "").strip()
            if raw:
                entries.append(services.ResultEntry(result.pk, measured=raw))
    return entries


@require_POST
@backoffice_view
def inspection_results(request, number):
    inspection = access.get_inspection_for(request.actor, number, action="inspect")
    entries = _entries(request, inspection)
    _attempt(
        request,
        lambda: services.inspection_record_results(
            inspection=inspection, entries=entries, actor=request.actor
        ),
        "Results saved.",
    )
    return _back(number, "#checklist")


@require_POST
@backoffice_view
def inspection_defect(request, number):
    inspection = access.get_inspection_for(request.actor, number, action="inspect")
    form = forms.DefectForm(request.POST, results=inspection.results.all())
    if not form.is_valid():
        messages.error(request, "Choose a severity and describe the defect.")
        return _back(number, "#defects")
    data = form.cleaned_data
    _attempt(
        request,
        lambda: services.inspection_add_defect(
            inspection=inspection,
            severity=data["severity"],
            description=data["description"],
            result_id=data["result"],
            actor=request.actor,
        ),
        "Defect recorded.",
    )
    return _back(number, "#defects")


@require_POST
@backoffice_view
def inspection_defect_remove(request, number, defect_id):
    inspection = access.get_inspection_for(request.actor, number, action="inspect")
    _attempt(
        request,
        lambda: services.inspection_remove_defect(
            inspection=inspection, defect_id=defect_id, actor=request.actor
        ),
        "Defect removed.",
    )
    return _back(number, "#defects")


@require_POST
@backoffice_view
def inspection_photo(request, number):
    inspection = access.get_inspection_for(request.actor, number, action="inspect")
    form = forms.PhotoForm(request.POST, request.FILES, defects=inspection.defects.all())
    if not form.is_valid():
        messages.error(request, "Take or choose a photo first.")
        return _back(number, "#photos")
    data = form.cleaned_data
    _attempt(
        request,
        lambda: services.inspection_add_photo(
            inspection=inspection,
            upload=data["photo"],
            defect_id=data["defect"],
            caption=data["caption"],
            actor=request.actor,
        ),
        "Photo added.",
    )
    return _back(number, "#photos")


@require_POST
@backoffice_view
def inspection_finish(request, number):
    inspection = access.get_inspection_for(request.actor, number, action="inspect")
    form = forms.FinishForm(request.POST)
    notes = form.cleaned_data["notes"] if form.is_valid() else ""
    try:
        done = services.inspection_finish(inspection=inspection, notes=notes, actor=request.actor)
    except (ValidationFailed, Conflict) as exc:
        messages.error(request, exc.message)
        return _back(number, "#finish")
    if done.status == "passed":
        messages.success(request, f"{done.item_code} passed: ready to ship.")
    else:
        messages.warning(request, f"{done.item_code} failed: sent back to its workshop as rework.")
    return _back(number)


@backoffice_view
def photo_file(request, photo_id):
    photo = access.get_photo_for(request.actor, photo_id)
    extension = "png" if photo.content_type == "image/png" else "jpg"
    response = FileResponse(
        photo.file.open("rb"),
        content_type=photo.content_type,
        filename=f"{photo.inspection.number}-{photo.pk}.{extension}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- Checklists -------------------------------------------------------------------------


@backoffice_view
def checklist_list(request):
    categories = selectors.categories_without_checklist()
    form = forms.ChecklistForm(request.POST or None, categories=categories)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        created = []
        ok = _attempt(
            request,
            lambda: created.append(
                services.checklist_create(
                    category_id=data["category"], name=data["name"], actor=request.actor
                )
            ),
            "Checklist created.",
        )
        if ok:
            return redirect("backoffice:quality_checklist", pk=created[0].pk)
    rows = selectors.checklist_rows(request.actor)
    may_manage = request.actor.has_perm(access.INSPECT)
    context = {"rows": rows, "form": form, "may_manage": may_manage}
    return render(request, "backoffice/quality/checklists.html", context)


@backoffice_view
def checklist_detail(request, pk):
    checklist = access.get_checklist_for(request.actor, pk)
    form = forms.ChecklistItemForm(request.POST or None, initial={"kind": ItemKind.PASS_FAIL})
    if request.method == "POST":
        checklist = access.get_checklist_for(request.actor, pk, action="manage")
        if form.is_valid() and _attempt(
            request,
            lambda: services.checklist_item_add(
                checklist=checklist, actor=request.actor, **form.service_kwargs()
            ),
            "Item added.",
        ):
            return redirect("backoffice:quality_checklist", pk=pk)
    context = {
        "checklist": checklist,
        "items": list(checklist.items.all()),
        "form": form,
        "may_manage": request.actor.has_perm(access.INSPECT),
    }
    return render(request, "backoffice/quality/checklist.html", context)


@backoffice_view
def checklist_item_edit(request, pk, item_id):
    checklist = access.get_checklist_for(request.actor, pk, action="manage")
    item = access.get_checklist_item_for(request.actor, checklist, item_id)
    initial = {
        "label": item.label,
        "kind": item.kind,
        "target": "" if item.target is None else item.target,
        "tolerance": "" if item.tolerance is None else item.tolerance,
        "unit": item.unit,
        "dimension_key": item.dimension_key,
    }
    form = forms.ChecklistItemForm(request.POST or None, initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and _attempt(
            request,
            lambda: services.checklist_item_update(
                item=item, actor=request.actor, **form.service_kwargs()
            ),
            "Item saved.",
        )
    ):
        return redirect("backoffice:quality_checklist", pk=pk)
    context = {"checklist": checklist, "item": item, "form": form}
    return render(request, "backoffice/quality/checklist_item.html", context)


@require_POST
@backoffice_view
def checklist_item_remove(request, pk, item_id):
    checklist = access.get_checklist_for(request.actor, pk, action="manage")
    item = access.get_checklist_item_for(request.actor, checklist, item_id)
    services.checklist_item_remove(item=item, actor=request.actor)
    messages.success(request, "Item removed.")
    return redirect("backoffice:quality_checklist", pk=pk)
