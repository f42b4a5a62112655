"""The one place where reactions to domain events are wired.

Each handler runs after the publishing transaction commits, must be idempotent, and
takes the event dataclass as its only argument, so that it can move to Celery
unchanged. Add lines here as contexts grow: `EventClass: [handler, ...]`.
The pipeline these lines make is drawn in docs/contexts/pipeline.md.
"""

from atelier.core.events import Event
from atelier.inventory import handlers as inventory
from atelier.org.events import BoutiqueCreated
from atelier.payments.events import PaymentRefunded, PaymentSucceeded
from atelier.production import handlers as production
from atelier.production.events import PieceReadyForInspection
from atelier.purchasing import events as purchasing
from atelier.quality import handlers as quality
from atelier.quality.events import InspectionFailed, InspectionPassed
from atelier.sales import handlers as sales
from atelier.sales import sms_handlers as notify
from atelier.sales.events import (
    LineChanged,
    LineChangeProposed,
    LineFinalised,
    OrderConfirmed,
    OrderPaid,
)
from atelier.shipping import events as shipping_events
from atelier.shipping import handlers as shipping

HANDLERS: dict[type[Event], list] = {
    # Organisation -> stock locations
    BoutiqueCreated: [inventory.on_boutique_created],
    # Payments -> sales
    PaymentSucceeded: [sales.on_payment_succeeded],
    PaymentRefunded: [sales.on_payment_refunded],
    # Sales -> purchase orders (through production), the shipping list, the customer
    OrderConfirmed: [notify.on_order_confirmed],
    OrderPaid: [production.on_order_paid, shipping.on_order_paid],
    LineFinalised: [production.on_line_finalised],
    LineChanged: [production.on_line_changed],
    LineChangeProposed: [production.on_line_change_proposed],
    # Purchasing -> sales (production stage per line), production, the customer
    purchasing.PurchaseOrderReleased: [sales.on_purchase_order_status],
    purchasing.PurchaseOrderAccepted: [sales.on_purchase_order_status],
    purchasing.PurchaseOrderDeclined: [
        sales.on_purchase_order_status,
        production.on_purchase_order_declined,
    ],
    purchasing.PurchaseOrderProductionStarted: [
        sales.on_purchase_order_status,
        production.on_purchase_order_production_started,
        notify.on_production_started,
    ],
    purchasing.PurchaseOrderCompleted: [
        sales.on_purchase_order_status,
        production.on_purchase_order_completed,
    ],
    purchasing.PurchaseOrderCancelled: [sales.on_purchase_order_status],
    purchasing.PurchaseRevisionAccepted: [sales.on_revision_accepted],
    purchasing.PurchaseRevisionRefused: [sales.on_revision_refused],
    # Production -> quality -> production (rework) and shipping (ready to ship)
    PieceReadyForInspection: [quality.on_piece_ready_for_inspection],
    InspectionPassed: [production.on_inspection_passed, shipping.on_inspection_passed],
    InspectionFailed: [production.on_inspection_failed],
    # Shipping -> sales (delivered) and the customer
    shipping_events.ShipmentShipped: [notify.on_shipment_shipped],
    shipping_events.ShipmentOutForDelivery: [notify.on_shipment_out_for_delivery],
    shipping_events.ShipmentDelivered: [
        sales.on_shipment_delivered,
        notify.on_shipment_delivered,
    ],
}
