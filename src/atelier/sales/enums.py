"""Statuses, kinds and error codes of the sales context."""

from django.db import models


class OrderStatus(models.TextChoices):
    """Quotation (draft, sent) -> sales order (confirmed) -> invoiced -> paid -> delivered
    -> done; cancelled from a quotation or an unpaid, uninvoiced order."""

    DRAFT = "draft", "Quotation (draft)"
    SENT = "sent", "Quotation sent"
    CONFIRMED = "confirmed", "Confirmed"
    INVOICED = "invoiced", "Invoiced"
    PAID = "paid", "Paid"
    DELIVERED = "delivered", "Delivered"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "Cancelled"


QUOTATION_STATUSES = frozenset({OrderStatus.DRAFT, OrderStatus.SENT})
# Contact details and the delivery address may change until the goods leave (after the
# quotation is sent, only within the same tax destination); the billing address until the
# invoice is issued (a posted invoice is never edited).
CONTACT_EDITABLE_STATUSES = frozenset(
    {
        OrderStatus.DRAFT,
        OrderStatus.SENT,
        OrderStatus.CONFIRMED,
        OrderStatus.INVOICED,
        OrderStatus.PAID,
    }
)
BILLING_EDITABLE_STATUSES = frozenset({OrderStatus.DRAFT, OrderStatus.SENT, OrderStatus.CONFIRMED})
OPEN_STATUSES = frozenset(set(OrderStatus) - {OrderStatus.DONE, OrderStatus.CANCELLED})


class OrderChannel(models.TextChoices):
    """Where the order was taken (the catalog's and inventory's channel values)."""

    ONLINE = "online", "Online store"
    BOUTIQUES = "boutiques", "Boutique"


# Where a piece must be published to be sold through each order channel: a boutique
# also sells what the online store shows.
SELLABLE_IN = {
    OrderChannel.ONLINE: ("online",),
    OrderChannel.BOUTIQUES: ("boutiques", "online"),
}


class CartStatus(models.TextChoices):
    OPEN = "open", "Open"
    CHECKED_OUT = "checked_out", "Checked out"
    MERGED = "merged", "Merged into another cart"


class LineKind(models.TextChoices):
    STOCK = "stock", "From stock"
    MADE_TO_ORDER = "made_to_order", "Made to order"


class Finalisation(models.TextChoices):
    """Where a line stands in the made-to-order finalisation (issue 8 moves it).

    Stock lines are `final` from the start; made-to-order lines are `provisional` until a
    designer or production manager finalises the configuration (after payment)."""

    FINAL = "final", "Final"
    PROVISIONAL = "provisional", "Awaiting finalisation"


class OrderFlag(models.TextChoices):
    """Something a person must look at (shown in the back office)."""

    NONE = "", "—"
    PAID_AFTER_CANCEL = "paid_after_cancel", "Paid after cancellation (refunded)"
    REFUND_FAILED = "refund_failed", "Paid after cancellation; automatic refund failed"
    OVERPAID = "overpaid", "Paid more than the total"
    STOCK_SHORT = "stock_short", "Paid, but the stock held for it ran out"
    REFUNDED = "refunded", "Refunded in full"


class PaymentPurpose(models.TextChoices):
    """The `purpose` sales gives the payments context (issue 8 adds balance/change)."""

    ORDER = "order", "Order"
    DEPOSIT = "deposit", "Deposit"
    BALANCE = "balance", "Balance after finalisation"
    CHANGE = "change", "Change after purchase"


class ProductionStage(models.TextChoices):
    """Where the workshop stands on a line, as purchasing's events say (issue 8: set only
    by `handlers.on_purchase_order_status`, read by the change-after-purchase rules)."""

    NONE = "none", "No purchase order sent"
    AWAITING_MANUFACTURER = "awaiting_manufacturer", "Sent to the workshop"
    ACCEPTED = "accepted", "Accepted by the workshop"
    IN_PRODUCTION = "in_production", "In production"
    COMPLETED = "completed", "Completed"


class ChangeStatus(models.TextChoices):
    """A change after purchase: proposed (priced) -> awaiting_workshop (the workshop
    accepted the PO and must agree) -> awaiting_payment (an increase) -> applied;
    refused (by the workshop) or cancelled on the way."""

    PROPOSED = "proposed", "Proposed"
    AWAITING_WORKSHOP = "awaiting_workshop", "Awaiting the workshop's agreement"
    AWAITING_PAYMENT = "awaiting_payment", "Awaiting payment"
    APPLIED = "applied", "Applied"
    REFUSED = "refused", "Refused"
    CANCELLED = "cancelled", "Cancelled"


OPEN_CHANGE_STATUSES = frozenset(
    {ChangeStatus.PROPOSED, ChangeStatus.AWAITING_WORKSHOP, ChangeStatus.AWAITING_PAYMENT}
)


class ChangeRequester(models.TextChoices):
    CUSTOMER = "customer", "Customer"
    STAFF = "staff", "Staff"


class ErrorCode(models.TextChoices):
    CART_CLOSED = "cart_closed", "The cart was already checked out"
    CART_EMPTY = "cart_empty", "The cart is empty"
    QUANTITY = "quantity", "Invalid quantity"
    NOT_SOLD = "not_sold", "Not sold here"
    ADDRESS = "address", "Invalid address"
    SHIPPING_METHOD = "shipping_method", "Unknown shipping method"
    DISCOUNT = "discount", "Discount code refused"
    ORDER_LOCKED = "order_locked", "The order can no longer be changed"
    IDEMPOTENCY_KEY = "idempotency_key", "Invalid idempotency key"
    NOT_MADE_TO_ORDER = "not_made_to_order", "Not a made-to-order line"
    ALREADY_FINAL = "already_final", "The line is already finalised"
    NOT_FINAL = "not_final", "The line awaits finalisation"
    IN_PRODUCTION = "in_production", "Already in production"
    CHANGE_OPEN = "change_open", "A change of this line is already under way"
    CHANGE_STATE = "change_state", "The change request cannot do that now"
    NO_CHANGE = "no_change", "Nothing would change"
