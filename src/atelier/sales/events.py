"""Events sales publishes (after commit). `object_id` is the SalesOrder id; handlers
look the order up through `sales.facade.order_info(object_id=...)`."""

from dataclasses import dataclass

from atelier.core.events import TransitionEvent


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
