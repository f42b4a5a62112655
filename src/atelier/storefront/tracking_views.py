"""`/orders/<number>/tracking/` — each piece of an order from payment to delivery, for
the order's signed-in owner or whoever holds its access token (the same check as the
order page: `sales.selectors.order_for_owner`); everyone else gets 404."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from atelier.core.errors import NotFound
from atelier.sales import selectors
from atelier.tracking import facade as tracking


@never_cache
@require_safe
def order_tracking(request, number):
    token = request.GET.get("token", "")
    try:
        order = selectors.order_for_owner(request.actor, number, token)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    context = {
        "order": order,
        "timeline": tracking.order_timeline(order.number),
        "query": f"?{urlencode({'token': token})}" if token else "",
        "is_owner": request.user.is_authenticated and order.customer_id == request.user.pk,
        "time_zone": timezone.get_current_timezone_name(),
    }
    return render(request, "storefront/checkout/tracking.html", context)
