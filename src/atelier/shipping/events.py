"""Events shipping publishes (after commit), per docs/contexts/pipeline.md.

Sales reacts to `ShipmentDelivered` (the order moves to delivered when
`order_delivered` says every line of the order has now been delivered)."""

from dataclasses import dataclass

from atelier.core.events import Event


@dataclass(frozen=True, kw_only=True)
class ShipmentEvent(Event):
    shipment_number: str
    order_ref: str
    line_refs: tuple[str, ...]
    carrier: str
    tracking_number: str
    tracking_url: str


@dataclass(frozen=True, kw_only=True)
class ShipmentBooked(ShipmentEvent):
    pass


@dataclass(frozen=True, kw_only=True)
class ShipmentShipped(ShipmentEvent):
    pass


@dataclass(frozen=True, kw_only=True)
class ShipmentOutForDelivery(ShipmentEvent):
    pass


@dataclass(frozen=True, kw_only=True)
class ShipmentDelivered(ShipmentEvent):
    # True when this delivery completes the order (every line delivered). An addition to
    # the pipeline.md fields, so that sales needs no shipping lookup.
    order_delivered: bool = False
