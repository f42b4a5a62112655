"""Events sales publishes (after commit). `object_id` is the SalesOrder id; handlers
look the order up through `sales.facade.order_info(object_id=...)`."""

from dataclasses import dataclass

from atelier.core.events import Event, TransitionEvent


@dataclass(frozen=True, kw_only=True)
class QuotationSent(TransitionEvent):
    """A quotation went to the customer (online checkout: awaiting payment)."""


@dataclass(frozen=True, kw_only=True)
class OrderConfirmed(TransitionEvent):
    """The quotation became a sales order (paid online, or confirmed by staff)."""


@dataclass(frozen=True, kw_only=True)
class OrderInvoiced(TransitionEvent):
    pass


@dataclass(frozen=True, kw_only=True)
class OrderPaid(TransitionEvent):
    """Fully paid: purchasing may raise made-to-order purchase orders, shipping may plan."""


@dataclass(frozen=True, kw_only=True)
class OrderDelivered(TransitionEvent):
    pass


@dataclass(frozen=True, kw_only=True)
class OrderCompleted(TransitionEvent):
    pass


@dataclass(frozen=True, kw_only=True)
class OrderCancelled(TransitionEvent):
    pass


# --- Made to order (issue 8; fields in docs/contexts/pipeline.md) ----------------------


@dataclass(frozen=True, kw_only=True)
class LineFinalised(Event):
    """A designer set the final configuration of a made-to-order line: its purchase
    order may be released."""

    order_ref: str
    line_ref: str
    revision: int
    variant_id: int


@dataclass(frozen=True, kw_only=True)
class LineChanged(Event):
    """A paid line was changed after purchase (new revision, applied)."""

    order_ref: str
    line_ref: str
    revision: int
    variant_id: int
    change_ref: str
    summary: str


@dataclass(frozen=True, kw_only=True)
class LineChangeProposed(Event):
    """A change needs the workshop's agreement (its purchase order was accepted)."""

    order_ref: str
    line_ref: str
    change_ref: str
    summary: str
