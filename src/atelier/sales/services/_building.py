"""Turning priced lines into order lines and totals (checkout and quotations)."""

from __future__ import annotations

import secrets
from dataclasses import asdict
from decimal import Decimal

from django.utils.crypto import constant_time_compare, salted_hmac

from atelier.catalog import facade as catalog
from atelier.core.numbering import next_number
from atelier.sales import totals
from atelier.sales.enums import Finalisation, LineKind
from atelier.sales.models import OrderLine, SalesOrder
from atelier.sales.totals import PricedCart, PricedLine

ORDER_PREFIX = "SO"
_TOKEN_SALT = "atelier.sales.order-access"


def new_order_number() -> str:
    """SO-YYYY-NNNNNN; call inside the transaction creating the order (gap-free)."""
    return next_number(ORDER_PREFIX)


def new_access_salt() -> str:
    return secrets.token_hex(16)


def access_token(order: SalesOrder) -> str:
    """The secret a guest uses to see their order; the same every time it is asked."""
    if not order.access_salt:
        return ""
    return salted_hmac(_TOKEN_SALT, f"{order.number}:{order.access_salt}").hexdigest()


def token_matches(order: SalesOrder, token: str) -> bool:
    expected = access_token(order)
    return bool(expected and token) and constant_time_compare(expected, token)


def order_lines(order: SalesOrder, priced: PricedCart) -> list[OrderLine]:
    """Unsaved lines L1, L2… keeping what was sold, as it was sold."""
    snapshots = {}
    lines = []
    for position, line in enumerate(priced.lines, start=1):
        product_id = line.variant.product_id
        if product_id not in snapshots:
            snapshots[product_id] = catalog.product_snapshot(product_id)
        lines.append(_line(order, position, line, snapshots[product_id]))
    return lines


def _line(order: SalesOrder, position: int, line: PricedLine, snapshot) -> OrderLine:
    variant = line.variant
    made_to_order = variant.made_to_order
    return OrderLine(
        order=order,
        position=position,
        ref=f"L{position}",
        kind=LineKind.MADE_TO_ORDER if made_to_order else LineKind.STOCK,
        variant_id=variant.id,
        finalisation=Finalisation.PROVISIONAL if made_to_order else Finalisation.FINAL,
        **what_was_sold(variant, snapshot),
        **priced_fields(line),
    )


def what_was_sold(variant, snapshot) -> dict:
    """The piece and its maker as they are now (kept on the line for ever)."""
    return {
        "sku": variant.sku,
        "product_id": variant.product_id,
        "product_name": variant.product_name,
        "variant_name": variant.name or ", ".join(v for _, v in variant.attributes),
        "manufacturer_id": snapshot.manufacturer.id,
        "manufacturer_name": snapshot.manufacturer.name,
        "lead_time_days": snapshot.lead_time_days,
    }


def priced_fields(line: PricedLine) -> dict:
    """Configuration with names, add-ons and amounts of a priced line."""
    return {
        "configuration": configuration_json(line.quote.configuration),
        "add_ons": [
            {"kind": a.kind, "code": a.code, "label": a.label, "amount": str(a.amount.amount)}
            for a in line.quote.add_ons
        ],
        **line_amounts(line),
    }


def line_amounts(line: PricedLine) -> dict:
    quote, discount = line.quote, line.discount
    return {
        "quantity": line.input.quantity,
        "tax_rate": quote.tax_rate,
        "unit_net": quote.unit_net.amount,
        "unit_tax": quote.unit_tax.amount,
        "unit_gross": quote.unit_gross.amount,
        "line_net": quote.line_net.amount,
        "line_tax": quote.line_tax.amount,
        "line_gross": quote.line_gross.amount,
        "discount_net": discount.net.amount,
        "discount_tax": discount.tax.amount,
        "discount_gross": discount.gross.amount,
    }


def configuration_json(configuration) -> dict:
    """The configuration with names, as plain JSON (Decimals as strings)."""
    if configuration is None:
        return {}
    data = asdict(configuration)
    return _plain(data)


def _plain(value):
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    return value


def _loyalty_fields(priced: PricedCart) -> dict:
    """Redeemed points: how many, what they took off (a discount, carried by the lines
    like promotions, so `discount_gross` includes it) and a line in the discounts."""
    loyalty = priced.loyalty
    if loyalty is None:
        return {"loyalty_points_redeemed": 0, "loyalty_value": 0}
    applied = priced.promotion
    labels = [{"label": n, "amount": str(a.amount)} for n, a in (applied.labels if applied else ())]
    return {
        "loyalty_points_redeemed": loyalty.points,
        "loyalty_value": loyalty.value.amount,
        "discounts": [*labels, {"label": loyalty.label, "amount": str(loyalty.value.amount)}],
    }


def line_input(line: OrderLine) -> totals.LineInput:
    """What an existing order line asks for, to price it again (draft quotations)."""
    configuration = line.configuration or {}
    options = {o["group_code"]: o["choice_code"] for o in configuration.get("options", [])}
    sizes = {c["axis"]: c["requested_cm"] for c in configuration.get("custom_dimensions", [])}
    return totals.LineInput(
        key=line.ref,
        variant_id=line.variant_id,
        quantity=line.quantity,
        options=options,
        dimensions=sizes,
    )


def set_totals(order: SalesOrder, priced: PricedCart) -> list[str]:
    """Copy the priced totals, discounts and shipping onto the order; the changed fields."""
    shipping, split = priced.shipping, priced.shipping_split
    applied = priced.promotion
    values = {
        "tax_display": priced.tax_display,
        "lines_gross": priced.lines_gross.amount,
        "discount_gross": priced.discount.gross.amount,
        "shipping_method": shipping.code if shipping else "",
        "shipping_method_name": shipping.name if shipping else "",
        "shipping_eta": shipping.eta if shipping else "",
        "shipping_net": split.net.amount,
        "shipping_tax": split.tax.amount,
        "shipping_gross": split.gross.amount,
        "total_net": priced.total.net.amount,
        "total_tax": priced.total.tax.amount,
        "total_gross": priced.total.gross.amount,
        "promotion_code": applied.code if applied else "",
        "promotion_ids": list(applied.promotion_ids) if applied else [],
        "discounts": [
            {"label": label, "amount": str(amount.amount)} for label, amount in applied.labels
        ]
        if applied
        else [],
        **_loyalty_fields(priced),
    }
    for name, value in values.items():
        setattr(order, name, value)
    return list(values)
