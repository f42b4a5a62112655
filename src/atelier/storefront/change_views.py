"""Change after purchase from the customer's account (issue 8): choose another fabric,
finish or size for a paid made-to-order line, see the price difference, confirm and
pay (or get the difference refunded). Only the signed-in owner; anyone else gets 404.
Thin: the sales services decide and refuse with a reason."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from atelier.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from atelier.sales import access, mto_selectors
from atelier.sales.services import changes

REFUSALS = (ValidationFailed, Conflict, PermissionDenied)


def _owned(request, number: str):
    try:
        order = access.get_order_for(request.actor, number, action="view")
    except NotFound as exc:
        raise Http404(exc.message) from exc
    if not request.user.is_authenticated or order.customer_id != request.user.pk:
        raise Http404("No such order.")
    return order


@require_http_methods(["GET", "POST"])
def line_change(request, number, ref):
    order = _owned(request, number)
    try:
        choices = mto_selectors.line_choices(mto_selectors.line_of(order, ref))
    except NotFound as exc:
        raise Http404(exc.message) from exc
    proposal = None
    if request.method == "POST" and request.POST.get("action") == "accept":
        return _accept(request, order, request.POST.get("change", ""))
    if request.method == "POST":
        options, sizes = mto_selectors.configuration_from(request.POST, choices)
        try:
            proposal = changes.change_request_create(
                order=order, line_id=choices.line.pk, options=options, dimensions=sizes,
                actor=request.actor,
            )  # fmt: skip
        except REFUSALS as exc:
            messages.error(request, exc.message)
    context = {
        "order": order,
        "choices": choices,
        "proposal": proposal,
        "changes": [c for c in mto_selectors.change_requests_of(order) if c.line.ref == ref],
    }
    return render(request, "storefront/account/line_change.html", context)


def _accept(request, order, change_ref: str):
    try:
        change = mto_selectors.change_of(order, change_ref)
        result = changes.change_request_accept(
            change=change,
            actor=request.actor,
            return_url=request.build_absolute_uri(f"/orders/{order.number}/"),
        )
    except NotFound as exc:
        raise Http404(exc.message) from exc
    except REFUSALS as exc:
        messages.error(request, exc.message)
        return redirect("storefront:order", number=order.number)
    if result.payment is not None and result.payment.redirect_url:
        return redirect(result.payment.redirect_url)
    result.change.refresh_from_db()
    messages.success(request, f"Your change {change.ref}: {result.change.get_status_display()}.")
    return redirect("storefront:order", number=order.number)
