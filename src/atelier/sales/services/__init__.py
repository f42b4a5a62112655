"""Writes of the sales context: keyword-only `<entity>_<verb>(*, ..., actor)` functions,
one transaction each, status only through `sales.transitions`, events after commit,
e-mail and SMS through the outbox."""

from atelier.sales.services.carts import (
    cart_create,
    cart_discount_apply,
    cart_discount_remove,
    cart_line_add,
    cart_line_remove,
    cart_line_update,
    cart_loyalty_set,
    cart_merge_on_login,
)
from atelier.sales.services.checkout import CheckoutResult, PaymentUnavailable, cart_checkout
from atelier.sales.services.invoicing import invoice_issue
from atelier.sales.services.orders import (
    order_cancel,
    order_complete,
    order_confirm,
    order_mark_delivered,
    order_update_addresses,
    order_update_contact,
    orders_cancel_unpaid,
    orders_claim_for_verified_email,
)
from atelier.sales.services.quotations import (
    payment_link_send,
    quotation_add_line,
    quotation_create,
    quotation_remove_line,
    quotation_revise,
    quotation_send,
    quotation_set_delivery,
    quotation_update_line,
)
from atelier.sales.services.settlement import order_payment_received

__all__ = [
    "CheckoutResult",
    "PaymentUnavailable",
    "cart_checkout",
    "cart_create",
    "cart_discount_apply",
    "cart_discount_remove",
    "cart_line_add",
    "cart_line_remove",
    "cart_line_update",
    "cart_loyalty_set",
    "cart_merge_on_login",
    "invoice_issue",
    "order_cancel",
    "order_complete",
    "order_confirm",
    "order_mark_delivered",
    "order_payment_received",
    "order_update_addresses",
    "order_update_contact",
    "orders_cancel_unpaid",
    "orders_claim_for_verified_email",
    "payment_link_send",
    "quotation_add_line",
    "quotation_create",
    "quotation_remove_line",
    "quotation_revise",
    "quotation_send",
    "quotation_set_delivery",
    "quotation_update_line",
]
