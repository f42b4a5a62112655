"""Checkout, the way to payment, and the order's own page.

* `/checkout/` — contact, delivery and billing address, delivery method, summary. Shape
  is checked by the forms; everything else by `sales.services.cart_checkout`, whose
  refusals appear beside the field they name. A hidden one-time key (the checkout's
  Idempotency-Key) makes a double submit one order: the second POST replays the first.
* Then the payment: offline, the provider's hosted page; with Stripe, our `/pay/<token>/`
  page with Stripe's Payment Element (publishable key + client secret). Both come back
  to the order page.
* `/orders/<number>/` — confirmation and status for the signed-in owner, or for whoever
  holds the access token from the checkout (guests: `?token=`). Everyone else: 404.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language_from_request
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from atelier.core.errors import Conflict, DomainError, NotFound, ValidationFailed
from atelier.core.money import Money
from atelier.core.statemachine import history
from atelier.customers import access as customers
from atelier.sales import selectors, services
from atelier.sales.enums import ErrorCode, OrderStatus
from atelier.sales.services import PaymentUnavailable
from atelier.sales.services.payment_resume import order_payment_resume
from atelier.sales.shipping_methods import Destination
from atelier.storefront import cart_views
from atelier.storefront.forms_checkout import (
    AddressForm,
    CheckoutForm,
    attach_error,
)
from atelier.storefront.regions import find_region

# --- Checkout ----------------------------------------------------------------------------


@dataclass
class CheckoutForms:
    main: CheckoutForm
    shipping: AddressForm
    billing: AddressForm

    def is_valid(self) -> bool:
        main, shipping = self.main.is_valid(), self.shipping.is_valid()
        billing = self.bills_elsewhere is False or self.billing.is_valid()
        return main and shipping and billing

    @property
    def bills_elsewhere(self) -> bool:
        if not self.main.is_bound:
            return False
        return not self.main.data.get("billing_same")

    def by_prefix(self) -> dict:
        return {"": self.main, "shipping": self.shipping, "billing": self.billing}


def _destination(request, region, default_country: str) -> Destination | None:
    """Where the delivery goes, to price its tax and delivery: the typed country (and
    state) when it is one of the region's, else the region's usual one (the summary then
    shows the delivery chosen by default)."""
    data = request.POST if request.method == "POST" else request.GET
    country = (data.get("shipping-country") or "").strip().upper()
    if not country or (region and country not in region.countries):
        return Destination(country=default_country) if default_country else None
    return Destination(country=country, state=(data.get("shipping-state") or "").strip().upper())


def _checkout_forms(request, view, region, default_country: str, saved) -> CheckoutForms:
    data = request.POST if request.method == "POST" else None
    codes = region.countries if region else ()
    user = request.user
    initial = {"email": user.email} if user.is_authenticated else {}
    main = CheckoutForm(
        data, methods=view.shipping_options, pickup=view.pickup_options, initial=initial
    )
    shipping = AddressForm(
        data,
        prefix="shipping",
        country_codes=codes,
        initial=_saved_initial(request, saved, codes) or {"country": default_country},
    )
    billing = AddressForm(data, prefix="billing")
    if not main.is_bound and view.shipping_options:
        main.initial["shipping_method"] = view.shipping_options[0].code
    return CheckoutForms(main=main, shipping=shipping, billing=billing)


def _saved_initial(request, saved: list, codes) -> dict:
    """The saved address asked for (?address=<id>), else the default one, if it is in
    the region (a signed-in customer's address book fills the delivery address)."""
    asked = request.GET.get("address", "")
    chosen = next((a for a in saved if str(a.pk) == asked), None) if asked else None
    chosen = chosen or next((a for a in saved if a.is_default), None)
    if chosen is None or (codes and str(chosen.country) not in codes):
        return {}
    return chosen.as_dict()


def _checkout_view(request, cart, region):
    """The cart priced for the typed (or usual) destination and the chosen (or first)
    delivery method; with the usual country of the region for the address form."""
    usual = selectors.cart_detail(cart)
    lines = usual.priced.lines
    default_country = lines[0].quote.tax_country if lines else ""
    data = request.POST if request.method == "POST" else request.GET
    options = usual.shipping_options
    method = (data.get("shipping_method") or "").strip() or (options[0].code if options else "")
    destination = _destination(request, region, default_country)
    view = selectors.cart_detail(cart, destination=destination, shipping_method=method)
    return view, default_country


def _render_checkout(request, cart, forms, view, region, *, status=200, error="", saved=()):
    template = (
        "storefront/checkout/_summary.html"
        if request.htmx and request.method == "GET"
        else "storefront/checkout/checkout.html"
    )
    priced = view.priced
    context = {
        "forms": forms,
        "form": forms.main,
        "view": view,
        "priced": priced,
        "cart": cart,
        "region": region,
        "error": error,
        "tax_pending": any(not line.quote.tax_determined for line in priced.lines),
        "made_to_order": any(line.variant.made_to_order for line in priced.lines),
        "bills_elsewhere": forms.bills_elsewhere,
        "saved_addresses": saved,
    }
    return render(request, template, context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def checkout(request):
    cart = cart_views.current_cart(request, open_only=request.method == "GET")
    if cart is None:
        messages.info(request, "Your cart is empty.")
        return redirect("storefront:cart")
    region = find_region(request, cart.region_code)
    view, default_country = _checkout_view(request, cart, region)
    if not view.priced.lines:
        messages.info(request, "Your cart is empty.")
        return redirect("storefront:cart")
    saved = [
        a
        for a in customers.addresses_visible_to(request.actor)
        if not region or str(a.country) in region.countries
    ]
    forms = _checkout_forms(request, view, region, default_country, saved)
    if request.method == "GET":
        return _render_checkout(request, cart, forms, view, region, saved=saved)
    return _place(request, cart, forms, region, view)


def _place(request, cart, forms, region, view):
    """POST: place the order (or, for the same one-time key, find the order the first
    submit placed: a double submit is one order) and go to pay."""
    if not forms.is_valid():
        return _render_checkout(request, cart, forms, view, region, status=422, error=_CHECK_FIELDS)
    main = forms.main.cleaned_data
    try:
        result = services.cart_checkout(
            cart=cart,
            email=main["email"],
            phone=main["phone"],
            sms_opt_in=main["sms_opt_in"],
            language=get_language_from_request(request),
            shipping_address=forms.shipping.address(),
            billing_address=forms.billing.address() if forms.bills_elsewhere else None,
            shipping_method=main["shipping_method"],
            pickup_boutique=main.get("pickup_boutique") or "",
            idempotency_key=main["checkout_key"],
            actor=request.actor,
        )
    except PaymentUnavailable as exc:
        return _render_checkout(request, cart, forms, view, region, status=503, error=exc.message)
    except Conflict as exc:
        if exc.code == ErrorCode.CART_CLOSED:
            return _already_ordered(request)
        return _render_checkout(request, cart, forms, view, region, status=409, error=exc.message)
    except (ValidationFailed, NotFound) as exc:
        placed = attach_error(exc, forms_by_prefix=forms.by_prefix())
        error = _CHECK_FIELDS if placed else exc.message
        return _render_checkout(request, cart, forms, view, region, status=422, error=error)
    return _to_payment(result)


_CHECK_FIELDS = "Please check the fields marked below."


def _already_ordered(request):
    messages.info(request, "This cart has already been ordered; your cart is now empty.")
    response = redirect("storefront:cart")
    cart_views.forget_cart(response)
    return response


def _to_payment(result):
    """Where the payer goes: the provider's page (or ours with Stripe's element); the
    order page when nothing is due."""
    payment = result.payment
    target = payment.redirect_url if payment and payment.redirect_url else None
    if target is None:
        target = order_path(result.order, result.access_token)
    # The cart cookie stays: a second submit of the same form (double click, a retry)
    # must find the cart to replay its order; the closed cart is never shown again.
    response = redirect(target)
    response.status_code = 303
    return response


def order_path(order, token: str = "") -> str:
    path = reverse("storefront:order", args=[order.number])
    return f"{path}?{urlencode({'token': token})}" if token else path


# --- The order page ----------------------------------------------------------------------


def _owned_order(request, number):
    token = request.GET.get("token", "")
    try:
        return selectors.order_for_owner(request.actor, number, token), token
    except NotFound as exc:
        raise Http404(exc.message) from exc


@dataclass(frozen=True)
class Step:
    label: str
    at: object  # datetime or None
    done: bool


CUSTOMER_STEPS = (
    (OrderStatus.SENT, "Order placed"),
    (OrderStatus.PAID, "Payment received"),
    (OrderStatus.DELIVERED, "Delivered"),
)


def _timeline(order) -> list[Step]:
    """What the customer sees of the status history: the milestones with their dates
    (internal notes are not shown)."""
    reached = {}
    for change in history(order):
        if change.from_status != change.to_status:
            reached.setdefault(change.to_status, change.at)
    if order.status == OrderStatus.CANCELLED:
        return [
            Step("Order placed", order.created_at, True),
            Step("Cancelled", reached.get(OrderStatus.CANCELLED), True),
        ]
    steps = [
        Step(label, reached.get(status), status in reached) for status, label in CUSTOMER_STEPS
    ]
    steps[0] = Step(steps[0].label, reached.get(OrderStatus.SENT) or order.created_at, True)
    return steps


@dataclass(frozen=True)
class LineRow:
    line: object  # sales.OrderLine
    unit: Money
    total: Money
    discount: Money


def _amounts(order, lines) -> dict:
    """The order's amounts as its price list states them: gross where VAT is included,
    net where sales tax is added (the tax then has its own line)."""
    side = "gross" if order.tax_display == "included" else "net"
    cur = order.currency

    def total(field: str) -> Money:
        return sum(
            (Money(getattr(line, f"{field}_{side}"), cur) for line in lines), Money.zero(cur)
        )

    return {
        "tax_included": side == "gross",
        "subtotal": total("line"),
        "discount": total("discount"),
        "shipping": order.money(f"shipping_{side}"),
        "tax": order.money("total_tax"),
        "total": order.money("total_gross"),
        "paid": order.money("amount_paid"),
        "due": order.balance_due,
        "discounts": [(d["label"], Money(d["amount"], cur)) for d in order.discounts or []],
        "rows": [
            LineRow(
                line=line,
                unit=Money(getattr(line, f"unit_{side}"), cur),
                total=Money(getattr(line, f"line_{side}"), cur),
                discount=Money(getattr(line, f"discount_{side}"), cur),
            )
            for line in lines
        ],
    }


@never_cache
@require_safe
def order_page(request, number):
    order, token = _owned_order(request, number)
    lines = list(order.lines.all())
    if request.htmx and request.GET.get("part") == "status" and order.status != OrderStatus.SENT:
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"  # the payment arrived: show the confirmed page
        return response
    context = {
        **_amounts(order, lines),
        "order": order,
        "lines": lines,
        "invoices": list(order.invoices.all()),
        "timeline": _timeline(order),
        "token": token,
        "query": f"?{urlencode({'token': token})}" if token else "",
        "returned": request.GET.get("redirect_status", ""),
        "awaiting": order.status == OrderStatus.SENT,
        "made_to_order": [line for line in lines if line.kind == "made_to_order"],
        "is_owner": request.user.is_authenticated and order.customer_id == request.user.pk,
    }
    if request.htmx and request.GET.get("part") == "status":
        return render(request, "storefront/checkout/_order_status.html", context)
    return render(request, "storefront/checkout/order.html", context)


@require_POST
def order_pay(request, number):
    """Back to the payment of an order still awaiting it (the checkout's own payment)."""
    order, token = _owned_order(request, number)
    try:
        payment = order_payment_resume(order=order, actor=request.actor)
    except DomainError as exc:
        messages.info(request, exc.message)
        return redirect(order_path(order, token))
    response = redirect(payment.redirect_url if payment else order_path(order, token))
    response.status_code = 303
    return response


@never_cache
@require_safe
def order_invoice(request, number, invoice_number):
    """An invoice PDF of the order, for its owner (or the holder of its access token)."""
    order, _ = _owned_order(request, number)
    invoice = next((i for i in order.invoices.all() if i.number == invoice_number), None)
    if invoice is None or not invoice.pdf:
        raise Http404("No such invoice.")
    return FileResponse(
        invoice.pdf.open("rb"),
        as_attachment=True,
        filename=f"{invoice.number}.pdf",
        content_type="application/pdf",
    )
