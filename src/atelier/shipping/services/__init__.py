"""Writes of the shipping context: keyword-only `shipment_<verb>(*, ..., actor)`."""

from atelier.shipping.services.booking import (
    customs_check,
    customs_declaration,
    needs_customs,
    shipment_book,
    shipment_choose_rate,
    shipment_rates,
)
from atelier.shipping.services.preparing import (
    shipment_adjust,
    shipment_book_slot,
    shipment_cancel,
    shipment_confirm,
    shipment_confirm_address,
    shipment_prepare,
)
from atelier.shipping.services.tracking import (
    shipment_mark,
    shipment_track_refresh,
    shipments_track_all,
)

__all__ = [
    "customs_check",
    "customs_declaration",
    "needs_customs",
    "shipment_adjust",
    "shipment_book",
    "shipment_book_slot",
    "shipment_cancel",
    "shipment_choose_rate",
    "shipment_confirm",
    "shipment_confirm_address",
    "shipment_mark",
    "shipment_prepare",
    "shipment_rates",
    "shipment_track_refresh",
    "shipments_track_all",
]
