"""Made to order in the back office (issue 8): a designer finalises a line; staff see
the order's change requests and accept (a production manager may override the
production lock with a reason) or cancel them. Thin: each POST calls one sales service;
refusals come back as messages with nothing written."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from atelier.accounts.roles import Cap
from atelier.backoffice.actions import REFUSALS
from atelier.backoffice.decorators import backoffice_view
from atelier.sales import access, mto_selectors
from atelier.sales.services import changes, made_to_order


def _page(number: str):
    return redirect("backoffice:order_made_to_order", number=number)


@backoffice_view
@require_http_methods(["GET"])
def order_made_to_order(request, number):
    order = access.get_order_for(request.actor, number)
    lines = [mto_selectors.line_choices(line) for line in order.lines.all()]
    context = {
        "order": order,
        "lines": lines,
        "changes": list(mto_selectors.change_requests_of(order)),
        "may_finalise": request.actor.has_perm(Cap.FINALISE_CONFIGURATIONS.perm),
        "may_override": request.actor.has_perm(Cap.MANAGE_PRODUCTION.perm),
    }
    return render(request, "backoffice/orders/made_to_order.html", context)


@backoffice_view
@require_POST
def order_line_finalise(request, number, ref):
    order = access.get_order_for(request.actor, number)
    choices = mto_selectors.line_choices(mto_selectors.line_of(order, ref))
    options, sizes = mto_selectors.configuration_from(request.POST, choices)
    try:
        _, settled = made_to_order.line_finalise(
            order=order,
            line_id=choices.line.pk,
            options=options,
            dimensions=sizes,
            note=request.POST.get("note", ""),
            actor=request.actor,
        )
    except REFUSALS as exc:
        messages.error(request, exc.message)
        return _page(number)
    messages.success(request, f"{ref} finalised (difference {settled.difference}).")
    return _page(number)


@backoffice_view
@require_POST
def order_change_propose(request, number, ref):
    order = access.get_order_for(request.actor, number)
    choices = mto_selectors.line_choices(mto_selectors.line_of(order, ref))
    options, sizes = mto_selectors.configuration_from(request.POST, choices)
    try:
        change = changes.change_request_create(
            order=order,
            line_id=choices.line.pk,
            options=options,
            dimensions=sizes,
            override_reason=request.POST.get("override_reason", ""),
            actor=request.actor,
        )
    except REFUSALS as exc:
        messages.error(request, exc.message)
        return _page(number)
    messages.success(request, f"{change.ref} proposed: {change.difference_money} difference.")
    return _page(number)


@backoffice_view
@require_POST
def order_change_accept(request, number, change_ref):
    order = access.get_order_for(request.actor, number)
    change = mto_selectors.change_of(order, change_ref)
    try:
        result = changes.change_request_accept(
            change=change,
            override_reason=request.POST.get("override_reason", ""),
            via=request.POST.get("via", "email"),
            actor=request.actor,
        )
    except REFUSALS as exc:
        messages.error(request, exc.message)
        return _page(number)
    result.change.refresh_from_db()
    messages.success(request, f"{change_ref}: {result.change.get_status_display()}.")
    return _page(number)


@backoffice_view
@require_POST
def order_change_cancel(request, number, change_ref):
    order = access.get_order_for(request.actor, number)
    change = mto_selectors.change_of(order, change_ref)
    try:
        changes.change_request_cancel(
            change=change, reason=request.POST.get("reason", ""), actor=request.actor
        )
    except REFUSALS as exc:
        messages.error(request, exc.message)
        return _page(number)
    messages.success(request, f"{change_ref} cancelled.")
    return _page(number)
