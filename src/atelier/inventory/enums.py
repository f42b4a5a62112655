"""Kinds, statuses and reason codes of the inventory context."""

from django.db import models

# The largest quantity a single move, line or reservation may carry. Furniture is counted
# in pieces; anything above this is a typing error, not an order.
MAX_QUANTITY = 100_000


class LocationKind(models.TextChoices):
    WAREHOUSE = "warehouse", "Warehouse"
    BOUTIQUE = "boutique", "Boutique"
    TRANSIT = "transit", "In transit"
    MANUFACTURER = "manufacturer", "Manufacturers (virtual)"
    CUSTOMER = "customer", "Customers (virtual)"
    SCRAP = "scrap", "Scrap (virtual)"
    ADJUSTMENT = "adjustment", "Inventory adjustments (virtual)"


# Stock that physically exists somewhere: its on-hand quantity can never be negative.
PHYSICAL_KINDS = frozenset({LocationKind.WAREHOUSE, LocationKind.BOUTIQUE, LocationKind.TRANSIT})
# Where goods are kept and sold from (transfers go between these).
STOCK_KINDS = frozenset({LocationKind.WAREHOUSE, LocationKind.BOUTIQUE})
# Counterpart locations: one of each, their balance is the mirror of what went through.
VIRTUAL_KINDS = frozenset(set(LocationKind) - PHYSICAL_KINDS)


class MoveReason(models.TextChoices):
    OPENING_BALANCE = "opening_balance", "Opening balance"
    RECEIPT = "receipt", "Receipt from manufacturer"
    SALE = "sale", "Shipped to customer"
    CUSTOMER_RETURN = "customer_return", "Returned by customer"
    TRANSFER_OUT = "transfer_out", "Transfer shipped"
    TRANSFER_IN = "transfer_in", "Transfer received"
    TRANSFER_DISCREPANCY = "transfer_discrepancy", "Transfer discrepancy at receipt"
    COUNT_ADJUSTMENT = "count_adjustment", "Cycle count adjustment"
    DAMAGED = "damaged", "Damaged (scrapped)"
    LOST = "lost", "Lost or stolen"
    FOUND = "found", "Found"
    CORRECTION = "correction", "Correction of an earlier error"


class Direction(models.TextChoices):
    IN = "in", "Into the location"
    OUT = "out", "Out of the location"


# Reasons a person may give for a manual adjustment, and which way each may go.
ADJUSTMENT_REASONS: dict[str, frozenset[str]] = {
    MoveReason.OPENING_BALANCE: frozenset({Direction.IN}),
    MoveReason.CUSTOMER_RETURN: frozenset({Direction.IN}),
    MoveReason.DAMAGED: frozenset({Direction.OUT}),
    MoveReason.LOST: frozenset({Direction.OUT}),
    MoveReason.FOUND: frozenset({Direction.IN}),
    MoveReason.CORRECTION: frozenset({Direction.IN, Direction.OUT}),
}
# Reasons that need a written explanation as well as the code.
REASONS_NEEDING_NOTE = frozenset({MoveReason.CORRECTION, MoveReason.LOST})


class ReservationStatus(models.TextChoices):
    PENDING = "pending", "Held (unpaid, expires)"
    CONFIRMED = "confirmed", "Confirmed (paid)"
    FULFILLED = "fulfilled", "Fulfilled (shipped)"
    RELEASED = "released", "Released"
    EXPIRED = "expired", "Expired"


ACTIVE_RESERVATION_STATUSES = (ReservationStatus.PENDING, ReservationStatus.CONFIRMED)


class SalesChannel(models.TextChoices):
    """The channel a reservation or an availability question is for (catalog's values)."""

    ONLINE = "online", "Online store"
    BOUTIQUES = "boutiques", "Boutiques"


class TransferStatus(models.TextChoices):
    REQUESTED = "requested", "Requested"
    SHIPPED = "shipped", "Shipped"
    RECEIVED = "received", "Received"
    CANCELLED = "cancelled", "Cancelled"


OPEN_TRANSFER_STATUSES = (TransferStatus.REQUESTED, TransferStatus.SHIPPED)


class CountStatus(models.TextChoices):
    OPEN = "open", "Counting"
    SUBMITTED = "submitted", "Submitted for review"
    APPROVED = "approved", "Approved (adjusted)"
    CANCELLED = "cancelled", "Cancelled"


class ProposalKind(models.TextChoices):
    TRANSFER = "transfer", "Transfer from the warehouse"
    PURCHASE = "purchase", "Purchase from the manufacturer"


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    AWAITING_APPROVAL = "awaiting_approval", "Over budget: awaiting approval"
    APPROVED = "approved", "Approved"
    CONVERTED = "converted", "Converted (transfer or purchase order made)"
    REJECTED = "rejected", "Rejected"


OPEN_PROPOSAL_STATUSES = (
    ProposalStatus.PROPOSED,
    ProposalStatus.AWAITING_APPROVAL,
    ProposalStatus.APPROVED,
)
READY_PROPOSAL_STATUSES = (ProposalStatus.PROPOSED, ProposalStatus.APPROVED)


class AvailabilityStatus(models.TextChoices):
    IN_STOCK = "in_stock", "In stock"
    INCOMING = "incoming", "Incoming"
    MADE_TO_ORDER = "made_to_order", "Made to order"
    UNAVAILABLE = "unavailable", "Unavailable"


class ErrorCode(models.TextChoices):
    OUT_OF_STOCK = "out_of_stock", "No longer available"
    INSUFFICIENT_STOCK = "insufficient_stock", "Not enough stock at the location"
    ALREADY_RESERVED = "already_reserved", "The line is already reserved"
    RESERVATION_EXPIRED = "reservation_expired", "The reservation has expired"
    NOT_CONFIRMED = "not_confirmed", "The reservation is not confirmed"
    RESERVED_STOCK = "reserved_stock", "The units are reserved for orders"
