"""Carts: created for guests (found by a secret token) and signed-in customers, filled
with variants or made-to-order configurations, merged when a guest signs in.

Prices are never stored: `selectors.cart_detail` prices the cart on every read."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Mapping

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from atelier.catalog import facade as catalog
from atelier.core.actor import Actor
from atelier.core.errors import NotFound, ValidationFailed
from atelier.pricing import facade as pricing
from atelier.sales import totals
from atelier.sales.enums import SELLABLE_IN, CartStatus, ErrorCode, OrderChannel
from atelier.sales.models import Cart, CartLine
from atelier.sales.services._common import MAX_LINE_QUANTITY, check_quantity, locked_cart

log = logging.getLogger(__name__)


def cart_create(*, actor: Actor, region_code: str | None = None) -> Cart:
    """A new cart in `region_code` (default: settings.DEFAULT_REGION); a signed-in
    customer who already has an open cart gets that one (moved to `region_code` when
    one is given: prices are not stored, so its lines are priced there from now on)."""
    region = region_for(region_code)
    if actor.user_id is not None:
        existing = Cart.objects.filter(user_id=actor.user_id, status=CartStatus.OPEN).first()
        if existing is not None:
            return _moved(existing, region) if region_code else existing
    return Cart.objects.create(
        token=secrets.token_urlsafe(32),
        user_id=actor.user_id,
        region_code=region.code,
        currency=region.currency,
    )


def _moved(cart: Cart, region) -> Cart:
    if cart.region_code == region.code:
        return cart
    with transaction.atomic():
        cart = locked_cart(cart)
        cart.region_code, cart.currency = region.code, region.currency
        cart.discount_code = ""  # codes are per currency
        cart.save(update_fields=["region_code", "currency", "discount_code", "updated_at"])
    return cart


def region_for(region_code: str | None):
    code = (region_code or settings.DEFAULT_REGION or "").strip().lower()
    found = next((r for r in pricing.regions() if r.code.lower() == code), None)
    if found is None:
        raise ValidationFailed(f"We do not sell in region {code!r}.", code="region", field="region")
    return found


def cart_line_add(
    *,
    cart: Cart,
    sku: str,
    quantity: int,
    options=None,
    dimensions=None,
    actor: Actor,
) -> CartLine:
    """Add a variant (or a configuration of it) to the cart; the same configuration
    added again raises the line's quantity. Refused, writing nothing: a bad quantity, an
    unknown, unpublished or hidden SKU (NotFound), an invalid configuration, a piece not
    sold in the cart's region."""
    check_quantity(quantity)
    variant = sellable_variant(sku, actor, OrderChannel.ONLINE)
    chosen, sizes = configuration_for(variant.product_id, options, dimensions)
    with transaction.atomic():
        cart = locked_cart(cart)
        line = _same_line(cart, variant.id, chosen, sizes)
        total = quantity + (line.quantity if line else 0)
        _check_merged_quantity(total)
        _check_price(cart, variant.id, total, chosen, sizes)
        if line is None:
            line = CartLine(cart=cart, variant_id=variant.id, options=chosen, dimensions=sizes)
        line.quantity = total
        line.save()
        cart.save(update_fields=["updated_at"])
    return line


def cart_line_update(*, cart: Cart, line_id: int, quantity: int, actor: Actor) -> CartLine:
    check_quantity(quantity)
    with transaction.atomic():
        cart = locked_cart(cart)
        line = _line(cart, line_id)
        _check_price(cart, line.variant_id, quantity, line.options, line.dimensions)
        line.quantity = quantity
        line.save(update_fields=["quantity"])
        cart.save(update_fields=["updated_at"])
    return line


def cart_line_remove(*, cart: Cart, line_id: int, actor: Actor) -> None:
    with transaction.atomic():
        cart = locked_cart(cart)
        _line(cart, line_id).delete()
        cart.save(update_fields=["updated_at"])


def cart_discount_apply(*, cart: Cart, code: str, actor: Actor, email: str = "") -> Cart:
    """Keep a discount code on the cart once pricing accepts it for the cart's lines."""
    code = (code or "").strip()
    if not code or len(code) > 40:
        raise ValidationFailed("Enter a discount code.", code=ErrorCode.DISCOUNT, field="code")
    with transaction.atomic():
        cart = locked_cart(cart)
        if not cart.lines.exists():
            raise ValidationFailed("Add something to the cart first.", code=ErrorCode.CART_EMPTY)
        # Only the code is judged here; points that no longer fit show on the cart page.
        request = pricing_request(
            cart, discount_code=code, email=email, strict=True, loyalty_points=0
        )
        try:
            totals.price(request)
        except ValidationFailed as exc:  # pricing's sentence and code (code_expired…)
            raise ValidationFailed(exc.message, code=exc.code, field="code") from None
        cart.discount_code = code
        cart.save(update_fields=["discount_code", "updated_at"])
    return cart


def cart_discount_remove(*, cart: Cart, actor: Actor) -> Cart:
    with transaction.atomic():
        cart = locked_cart(cart)
        cart.discount_code = ""
        cart.save(update_fields=["discount_code", "updated_at"])
    return cart


def cart_loyalty_set(*, cart: Cart, points, actor: Actor) -> Cart:
    """Redeem `points` on the signed-in owner's cart (0 takes them off). They become a
    discount on the goods after promotions, held at checkout, spent when paid. Refused,
    writing nothing: guests, someone else's cart, not a whole number, more than the
    balance or than the order's maximum share, a currency outside the programme."""
    if type(points) is not int or points < 0:
        raise ValidationFailed(
            f"points: a whole number, 0 or more (got {points!r}).",
            code="loyalty_points_invalid",
            field="points",
        )
    if actor.user_id is None or cart.user_id != actor.user_id:
        raise ValidationFailed(
            "Sign in to use your loyalty points.", code="loyalty_guest", field="points"
        )
    with transaction.atomic():
        cart = locked_cart(cart)
        if points:
            if not cart.lines.exists():
                raise ValidationFailed(
                    "Add something to the cart first.", code=ErrorCode.CART_EMPTY
                )
            request = pricing_request(cart, loyalty_points=points, strict=True)
            try:
                totals.price(request)
            except ValidationFailed as exc:  # pricing's sentence and code
                raise ValidationFailed(exc.message, code=exc.code, field="points") from None
        cart.loyalty_points = points
        cart.save(update_fields=["loyalty_points", "updated_at"])
    return cart


def cart_merge_on_login(*, token: str, user) -> Cart | None:
    """The guest cart named by `token` becomes `user`'s cart; lines of the user's other
    open carts join it (same configuration: quantities add up, at most the line limit)."""
    with transaction.atomic():
        guest = _guest_cart(token, user)
        others = Cart.objects.select_for_update().filter(user=user, status=CartStatus.OPEN)
        if guest is None:
            return others.order_by("-updated_at").first()
        others = list(others.exclude(pk=guest.pk))
        guest.user = user
        guest.save(update_fields=["user", "updated_at"])
        for other in others:
            _move_lines(other, guest)
    log.info(
        "cart %s merged on sign-in of user %s (%s other carts)", guest.pk, user.pk, len(others)
    )
    return guest


# --- helpers --------------------------------------------------------------------------


def sellable_variant(sku, actor: Actor, channel: str):
    """The variant of `sku` if it is sold in `channel` and the actor may see its product;
    NotFound (the same answer) for unknown, unpublished, inactive and hidden."""
    sku = sku.strip() if isinstance(sku, str) else ""
    missing = NotFound(f"No product with SKU {sku!r}.", field="sku")
    if not sku or len(sku) > 64:
        raise missing
    try:
        variant = catalog.get_variant_by_sku(sku)
    except NotFound:
        raise missing from None
    for where in SELLABLE_IN.get(channel, ()):
        if variant.is_sellable(where) and catalog.product_visible_to(
            actor, variant.product_id, where
        ):
            return variant
    raise missing


def configuration_for(product_id: int, options, dimensions) -> tuple[dict, dict]:
    """Validated options ({group: choice}) and custom sizes ({axis: "cm"}) to store."""
    pairs = _option_pairs(product_id, options)
    if dimensions is not None and not isinstance(dimensions, Mapping):
        raise ValidationFailed(
            'dimensions: give {"width": "260", ...} in centimetres.', field="dimensions"
        )
    configuration = catalog.validate_configuration(product_id, pairs, dimensions or None)
    chosen = {o.group_code: o.choice_code for o in configuration.options}
    sizes = {c.axis: str(c.requested_cm) for c in configuration.custom_dimensions}
    return chosen, sizes


def _option_pairs(product_id: int, options) -> list[tuple[str, str]]:
    if not options:
        return []
    if isinstance(options, Mapping):
        return [(str(k), str(v)) for k, v in options.items()]
    if isinstance(options, list | tuple):
        return catalog.option_pairs(product_id, options)
    raise ValidationFailed("options: give choice ids, or {option: choice} codes.", field="options")


def _same_line(cart: Cart, variant_id: int, options: dict, dimensions: dict):
    for line in cart.lines.filter(variant_id=variant_id):
        if line.options == options and line.dimensions == dimensions:
            return line
    return None


def _check_merged_quantity(total: int) -> None:
    if total > MAX_LINE_QUANTITY:
        raise ValidationFailed(
            f"quantity: at most {MAX_LINE_QUANTITY} per line; contact us for larger orders.",
            code=ErrorCode.QUANTITY,
        )


def _check_price(cart: Cart, variant_id: int, quantity: int, options, dimensions) -> None:
    """pricing refuses a piece, option or size not sold in the cart's region."""
    pricing.quote(
        variant_id=variant_id,
        region_code=cart.region_code,
        quantity=quantity,
        options=options,
        dimensions=dimensions or None,
    )


def _line(cart: Cart, line_id) -> CartLine:
    line = cart.lines.filter(pk=line_id).first() if isinstance(line_id, int) else None
    if line is None:
        raise NotFound("No such line in this cart.")
    return line


def _guest_cart(token: str, user) -> Cart | None:
    if not token:
        return None
    cart = Cart.objects.select_for_update().filter(token=token, status=CartStatus.OPEN).first()
    if cart is None or cart.user_id not in (None, user.pk):
        return None
    return cart


def _move_lines(source: Cart, target: Cart) -> None:
    for line in source.lines.all():
        same = _same_line(target, line.variant_id, line.options, line.dimensions)
        if same is None:
            line.cart = target
            line.save(update_fields=["cart"])
        else:
            same.quantity = min(same.quantity + line.quantity, MAX_LINE_QUANTITY)
            same.save(update_fields=["quantity"])
            line.delete()
    source.status = CartStatus.MERGED
    source.closed_at = timezone.now()
    source.save(update_fields=["status", "closed_at", "updated_at"])


def pricing_request(cart: Cart, **overrides) -> totals.PricingRequest:
    """What `totals.price` needs to price this cart (lines in id order)."""
    lines = tuple(
        totals.LineInput(
            key=str(line.pk),
            variant_id=line.variant_id,
            quantity=line.quantity,
            options=dict(line.options),
            dimensions=dict(line.dimensions),
        )
        for line in cart.lines.order_by("id")
    )
    fields = {
        "region_code": cart.region_code,
        "currency": cart.currency,
        "lines": lines,
        "discount_code": cart.discount_code,
        "customer_user_id": cart.user_id,
        "loyalty_points": cart.loyalty_points if cart.user_id else 0,
        **overrides,
    }
    return totals.PricingRequest(**fields)
