"""Events purchasing publishes (after commit); see docs/contexts/pipeline.md.

Status events carry the PO's number, manufacturer, sales order and line refs, so that
production and sales react without reading purchasing's tables.
"""

from dataclasses import dataclass

from atelier.core.events import Event, TransitionEvent


@dataclass(frozen=True, kw_only=True)
class PurchaseOrderEvent(TransitionEvent):
    number: str = ""
    manufacturer_id: int = 0
    order_ref: str = ""
    line_refs: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class PurchaseOrderReleased(PurchaseOrderEvent):
    """Validated and sent to the workshop (awaiting manufacturer)."""


@dataclass(frozen=True, kw_only=True)
class PurchaseOrderAccepted(PurchaseOrderEvent):
    pass


@dataclass(frozen=True, kw_only=True)
class PurchaseOrderDeclined(PurchaseOrderEvent):
    """The workshop declined; `reason` says why. It may be reassigned."""


@dataclass(frozen=True, kw_only=True)
class PurchaseOrderProductionStarted(PurchaseOrderEvent):
    pass


@dataclass(frozen=True, kw_only=True)
class PurchaseOrderCompleted(PurchaseOrderEvent):
    pass


@dataclass(frozen=True, kw_only=True)
class PurchaseOrderCancelled(PurchaseOrderEvent):
    pass


@dataclass(frozen=True, kw_only=True)
class PurchaseRevisionAccepted(Event):
    """The workshop agreed to a change of a line it had accepted."""

    number: str
    order_ref: str
    line_ref: str
    change_ref: str
    reason: str = ""


@dataclass(frozen=True, kw_only=True)
class PurchaseRevisionRefused(Event):
    number: str
    order_ref: str
    line_ref: str
    change_ref: str
    reason: str
