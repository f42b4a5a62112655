"""The cart: add from the product page, change quantities, remove, use a discount code,
see the totals with tax as the region states it and an estimate of delivery.

Thin: each view reads the request, calls one sales service or selector and renders. The
cart is named by its secret token in a first-party cookie (the one sales reads to merge
a guest cart on sign-in). With htmx a change answers the cart fragment in place (422 with
the reason beside the field when refused); without script it redirects back with a
message. Prices always come from the server (`sales.selectors.cart_detail`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from atelier.catalog import facade as catalog
from atelier.catalog.selectors.covers import product_covers
from atelier.core.errors import Conflict, NotFound, ValidationFailed
from atelier.sales import access, selectors, services
from atelier.sales.receivers import CART_COOKIE
from atelier.sales.shipping_methods import Destination
from atelier.storefront import configurator
from atelier.storefront.forms_checkout import (
    AddToCartForm,
    DiscountForm,
    EstimateForm,
    QuantityForm,
)
from atelier.storefront.regions import current_region, find_region

COOKIE_MAX_AGE = 60 * 24 * 3600  # an unfinished cart waits two months
STATE_COUNTRIES = {"US", "CA", "AU"}
QUANTITY_CHOICES = range(1, 11)
REFUSED = (ValidationFailed, Conflict, NotFound)


# --- Which cart ------------------------------------------------------------------------


def current_cart(request, *, open_only: bool = True):
    """The visitor's cart (cookie token, checked by sales.access); for a signed-in
    customer without a usable cookie (another device), their open cart; else None."""
    token = request.COOKIES.get(CART_COOKIE, "")
    cart = None
    if token:
        try:
            cart = access.get_cart_for(request.actor, token)
        except NotFound:
            cart = None
    if cart is not None and (cart.is_open or not open_only):
        return cart
    return access.open_cart_of(request.actor)


def remember_cart(request, response, cart) -> None:
    if request.COOKIES.get(CART_COOKIE) != cart.token:
        response.set_cookie(
            CART_COOKIE,
            cart.token,
            max_age=COOKIE_MAX_AGE,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )


def forget_cart(response) -> None:
    response.delete_cookie(CART_COOKIE, samesite="Lax")


def _cart_for_adding(request):
    """The open cart, or a new one in the visitor's region (an empty cart left in another
    region is replaced, so prices follow the region picker)."""
    cart = current_cart(request)
    region = current_region(request)
    code = region.code if region else None
    if cart is not None and (cart.region_code == code or cart.user_id or _has_lines(cart)):
        return cart
    return services.cart_create(actor=request.actor, region_code=code)


def _has_lines(cart) -> bool:
    return cart.lines.exists()


# --- The cart page ---------------------------------------------------------------------


@dataclass(frozen=True)
class CartRow:
    line: object  # sales.totals.PricedLine
    cover: object | None  # catalog MediaImage
    error: str
    quantity_choices: range


def cart_context(request, cart, *, discount_form=None, line_errors=None, announce="") -> dict:
    """Everything the cart page and its fragment show."""
    if cart is None:
        return {"view": None, "announce": announce}
    region = find_region(request, cart.region_code)
    codes = region.countries if region else ()
    source = request.POST if request.method == "POST" else request.GET
    estimate = EstimateForm(
        {"country": source.get("country", ""), "state": source.get("state", "")},
        country_codes=codes,
    )
    where = estimate.destination()
    view = selectors.cart_detail(cart, destination=Destination(*where) if where else None)
    if not view.priced.lines and not view.priced.problems:
        return {"view": None, "announce": announce}
    covers = product_covers({line.variant.product_id for line in view.priced.lines})
    errors = line_errors or {}
    rows = [
        CartRow(
            line=line,
            cover=covers.get(line.variant.product_id),
            error=errors.get(line.key, ""),
            quantity_choices=range(1, max(10, line.input.quantity) + 1),
        )
        for line in view.priced.lines
    ]
    return {
        "view": view,
        "cart": cart,
        "rows": rows,
        "region": region,
        "priced": view.priced,
        "discount_form": discount_form or DiscountForm(),
        "loyalty_balance": selectors.loyalty_balance(cart),
        "estimate_form": estimate,
        "asks_state": bool(STATE_COUNTRIES & set(codes)),
        "tax_pending": any(not line.quote.tax_determined for line in view.priced.lines),
        "made_to_order": any(line.variant.made_to_order for line in view.priced.lines),
        "other_region": bool(
            region and current_region(request) and current_region(request).code != region.code
        ),
        "announce": announce,
    }


def _render_cart(request, cart, *, http_status: int = 200, **extra):
    template = "storefront/cart/_cart.html" if request.htmx else "storefront/cart/cart.html"
    context = cart_context(request, cart, **extra)
    response = render(request, template, context, status=http_status)
    if cart is not None:
        remember_cart(request, response, cart)
    return response


@never_cache
@require_safe
def cart_page(request):
    return _render_cart(request, current_cart(request))


def _done(request, cart, message: str):
    """After a change: the fragment (htmx) or back to the cart with a message."""
    cart.refresh_from_db()  # the service changed its own copy (e.g. the discount code)
    if request.htmx:
        return _render_cart(request, cart, announce=message)
    messages.success(request, message)
    response = redirect("storefront:cart")
    remember_cart(request, response, cart)
    return response


def _refused(request, cart, message: str, **extra):
    if request.htmx:
        return _render_cart(request, cart, http_status=422, announce=message, **extra)
    messages.error(request, message)
    return redirect("storefront:cart")


def _cart_or_redirect(request):
    cart = current_cart(request)
    if cart is None:
        messages.info(request, "Your cart has expired or was already ordered.")
    return cart


@require_POST
def cart_line_update(request, line_id: int):
    cart = _cart_or_redirect(request)
    if cart is None:
        return redirect("storefront:cart")
    form = QuantityForm(request.POST)
    if not form.is_valid():
        message = form.errors["quantity"][0]
        return _refused(request, cart, message, line_errors={str(line_id): message})
    try:
        services.cart_line_update(
            cart=cart,
            line_id=line_id,
            quantity=form.cleaned_data["quantity"],
            actor=request.actor,
        )
    except REFUSED as exc:
        return _refused(request, cart, exc.message, line_errors={str(line_id): exc.message})
    return _done(request, cart, "Quantity updated.")


@require_POST
def cart_line_remove(request, line_id: int):
    cart = _cart_or_redirect(request)
    if cart is None:
        return redirect("storefront:cart")
    try:
        services.cart_line_remove(cart=cart, line_id=line_id, actor=request.actor)
    except REFUSED as exc:
        return _refused(request, cart, exc.message)
    return _done(request, cart, "Removed from your cart.")


@require_POST
def cart_discount(request):
    cart = _cart_or_redirect(request)
    if cart is None:
        return redirect("storefront:cart")
    form = DiscountForm(request.POST)
    if not form.is_valid():
        return _refused(request, cart, form.errors["code"][0], discount_form=form)
    try:
        services.cart_discount_apply(cart=cart, code=form.cleaned_data["code"], actor=request.actor)
    except REFUSED as exc:
        form.add_error("code", exc.message)
        return _refused(request, cart, exc.message, discount_form=form)
    return _done(request, cart, f"Code {form.cleaned_data['code']} applied.")


@require_POST
def cart_loyalty(request):
    """Redeem (or, with 0, take off) loyalty points on the signed-in customer's cart."""
    cart = _cart_or_redirect(request)
    if cart is None:
        return redirect("storefront:cart")
    raw = (request.POST.get("points") or "0").strip()
    points = int(raw) if raw.isdigit() and len(raw) < 10 else raw
    try:
        services.cart_loyalty_set(cart=cart, points=points, actor=request.actor)
    except REFUSED as exc:
        return _refused(request, cart, exc.message)
    return _done(request, cart, f"{points} points used." if points else "Points taken off.")


@require_POST
def cart_discount_remove(request):
    cart = _cart_or_redirect(request)
    if cart is None:
        return redirect("storefront:cart")
    services.cart_discount_remove(cart=cart, actor=request.actor)
    return _done(request, cart, "Discount code removed.")


# --- Adding from the product page --------------------------------------------------------


def add_to_cart_slot(request, panel, region) -> str:
    """The quantity and "Add to cart" button for the product page's configurator form
    (a slot of the cached page, rendered for this request so it carries a CSRF token).
    Empty when the piece cannot be bought online in the visitor's region."""
    not_sold = panel.quote is None and not panel.errors
    if region is None or panel.choice.variant_id is None or not_sold:
        return ""
    return render_to_string(
        "storefront/includes/add_to_cart.html",
        {"quantities": QUANTITY_CHOICES},
        request=request,
    )


@require_POST
def cart_add(request):
    """Add the configured piece (the product page's configurator form, posted)."""
    form = AddToCartForm(request.POST)
    if not form.is_valid():
        return _add_refused(request, next(iter(form.errors.values()))[0])
    choice = configurator.parse(request.POST)
    try:
        variant = catalog.get_variant(form.cleaned_data["variant"])
        cart = _cart_for_adding(request)
        services.cart_line_add(
            cart=cart,
            sku=variant.sku,
            quantity=form.cleaned_data["quantity"],
            options=dict(choice.options),
            dimensions=dict(choice.dimensions) or None,
            actor=request.actor,
        )
    except NotFound:
        return _add_refused(request, "This piece cannot be ordered online.")
    except (ValidationFailed, Conflict) as exc:
        return _add_refused(request, exc.message)
    return _added(request, cart, variant)


def _added(request, cart, variant):
    name = variant.product_name
    if request.htmx:
        response = render(
            request, "storefront/includes/add_to_cart_done.html", {"name": name, "ok": True}
        )
    else:
        messages.success(request, f"{name} is in your cart.")
        response = redirect("storefront:cart")
    remember_cart(request, response, cart)
    return response


def _add_refused(request, message: str):
    if request.htmx:
        return render(
            request,
            "storefront/includes/add_to_cart_done.html",
            {"message": message, "ok": False},
            status=422,
        )
    messages.error(request, message)
    back = request.META.get("HTTP_REFERER", "")
    safe = url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return redirect(back if back and safe else "storefront:cart")
