"""Production pages of the back office, and the public scan page of an item code.

Thin: reads come from `production.selectors` (which start from `production.access`),
each button calls one `production.services` function, and a refusal (ValidationFailed,
Conflict, PermissionDenied) is shown as a message with nothing written.

`/i/<code>` (mounted in config/urls.py, not under /backoffice/) is what a label's QR
code opens: staff who see purchase orders (and the piece's own workshop) get its
history; anyone else gets only the code and the product name; an unknown code is 404.
"""

from __future__ import annotations

from django import forms
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from atelier.backoffice.actions import attempt
from atelier.backoffice.decorators import backoffice_view
from atelier.core.errors import NotFound, ValidationFailed
from atelier.org.models import Manufacturer
from atelier.production import access, labels, selectors, services
from atelier.production.enums import ItemStatus
from atelier.purchasing.enums import OPEN_STATUSES, POStatus

SORTS = [
    ("priority", "Priority"),
    ("required", "Required date"),
    ("value", "Value"),
    ("manufacturer", "Manufacturer"),
    ("number", "Number"),
]
ACTIONS = ("accept", "decline", "start", "complete", "reassign")


def _manufacturers(active_only: bool = False) -> list[tuple[int, str]]:
    rows = Manufacturer.objects.order_by("name")
    if active_only:
        rows = rows.filter(is_active=True)
    return list(rows.values_list("pk", "name"))


class QueueFilterForm(forms.Form):
    manufacturer = forms.TypedChoiceField(required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(required=False)
    late = forms.BooleanField(required=False, label="Late only")
    sort = forms.ChoiceField(required=False, choices=SORTS)

    def __init__(self, data):
        super().__init__(data)
        self.fields["manufacturer"].choices = [("", "All manufacturers"), *_manufacturers()]
        statuses = [(s, POStatus(s).label) for s in OPEN_STATUSES]
        self.fields["status"].choices = [("", "All open"), *statuses]

    def filters(self) -> selectors.QueueFilters:
        data = self.cleaned_data if self.is_valid() else {}
        return selectors.QueueFilters(
            manufacturer_id=data.get("manufacturer"),
            status=data.get("status") or "",
            late_only=bool(data.get("late")),
            sort=data.get("sort") or "priority",
        )


class ReassignForm(forms.Form):
    manufacturer = forms.TypedChoiceField(coerce=int)
    reason = forms.CharField(max_length=1000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["manufacturer"].choices = _manufacturers(active_only=True)


# --- Queue and requirements -------------------------------------------------------------


@backoffice_view
def production_queue(request):
    form = QueueFilterForm(request.GET or None)
    rows = selectors.production_queue(request.actor, form.filters())
    return render(request, "backoffice/production/queue.html", {"form": form, "rows": rows})


@backoffice_view
def production_requirements(request):
    form = QueueFilterForm(request.GET or None)
    data = selectors.queue_requirements(request.actor, form.filters())
    return render(request, "backoffice/production/requirements.html", {"form": form, **data})


# --- One purchase order -------------------------------------------------------------------


@backoffice_view
def production_po(request, number):
    detail = selectors.po_production(request.actor, number)
    return render(
        request,
        "backoffice/production/po.html",
        {
            "d": detail,
            "reassign_form": ReassignForm() if "reassign" in detail.actions else None,
            "may_manage": access.may_manage_production(request.actor),
            "rework": ItemStatus.REWORK,
        },
    )


@backoffice_view
@require_POST
def production_po_action(request, number, action):
    actor, post = request.actor, request.POST
    calls = {
        "accept": (lambda: services.po_accept(number=number, actor=actor), "Accepted."),
        "decline": (
            lambda: services.po_decline(number=number, reason=post.get("reason", ""), actor=actor),
            "Declined; the production managers are told.",
        ),
        "start": (lambda: services.po_start(number=number, actor=actor), "Production started."),
        "complete": (
            lambda: services.po_complete(
                number=number, actor=actor, photos=request.FILES.getlist("photos")
            ),
            "Completed; the pieces go to quality.",
        ),
        "reassign": (lambda: _reassign(number, post, actor), "Reassigned; back to draft."),
    }
    call, success = calls[action]
    attempt(request, call, success)
    return redirect("backoffice:production_po", number=number)


def _reassign(number, data, actor):
    form = ReassignForm(data)
    if not form.is_valid():
        raise ValidationFailed("Choose a manufacturer and give a reason.")
    return services.po_reassign(
        number=number,
        manufacturer_id=form.cleaned_data["manufacturer"],
        reason=form.cleaned_data["reason"],
        actor=actor,
    )


@backoffice_view
def production_po_labels(request, number):
    items = selectors.items_for_labels(request.actor, number)
    return _pdf(labels.po_label_sheet_pdf(number, items), f"{number}-labels.pdf")


# --- Items ------------------------------------------------------------------------------


@backoffice_view
def production_item_label(request, code):
    item = access.get_item_for(request.actor, code)
    return _pdf(labels.item_label_pdf(item), f"{item.code}.pdf")


@backoffice_view
@require_POST
def production_item_rework_done(request, code):
    item = access.get_item_for(request.actor, code)
    attempt(
        request,
        lambda: services.item_rework_complete(code=item.code, actor=request.actor),
        f"{item.code} goes back to quality.",
    )
    return redirect("backoffice:production_po", number=item.purchase_order_number)


def _pdf(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@never_cache
def item_scan(request, code):
    """The page a label's QR code opens (public: no sign-in needed)."""
    actor = request.actor
    try:
        history = selectors.item_history(actor, code)
    except NotFound:
        try:
            card = access.public_card(code)
        except NotFound as exc:
            raise Http404(exc.message) from exc
        return render(request, "backoffice/production/scan_public.html", {"card": card})
    return render(
        request,
        "backoffice/production/scan_staff.html",
        {"h": history, "is_staff": actor.manufacturer_id is None},
    )
