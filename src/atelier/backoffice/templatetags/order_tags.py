"""Filters for the order pages: amounts stored with three decimals, shown in the
currency's minor unit ("2433.330" in EUR -> "2,433.33")."""

from django import template

from atelier.core.money import Money
from atelier.sales.enums import OrderStatus

register = template.Library()


@register.filter
def amount(value, currency: str) -> str:
    """`value` (a Decimal of the order's currency) rounded half-up, with separators."""
    if value is None or value == "":
        return ""
    return f"{Money(value, currency).rounded().amount:,}"


@register.filter
def status_label(value: str) -> str:
    """The label of a status code ("sent" -> "Quotation sent"), else the code itself."""
    return OrderStatus(value).label if value in OrderStatus.values else value
