"""Writes of the inventory context: keyword-only `<entity>_<verb>(*, ..., actor)`.

Each runs in one transaction (a savepoint inside the caller's), writes its audit rows
(moves, status changes) and publishes its events after commit. Import from here.
"""

from atelier.inventory.services.adjustments import stock_adjust
from atelier.inventory.services.counts import (
    count_line_record,
    count_lines_record,
    count_sheet_approve,
    count_sheet_cancel,
    count_sheet_create,
    count_sheet_reopen,
    count_sheet_submit,
)
from atelier.inventory.services.labels import location_label_pdf, variant_label_pdf
from atelier.inventory.services.locations import (
    default_warehouse,
    location_for_boutique,
    location_update,
    location_virtual,
    locations_sync,
)
from atelier.inventory.services.proposals import (
    category_budget_set,
    proposal_approve,
    proposal_reject,
    proposals_convert_to_transfers,
    purchase_proposal_mark_ordered,
    replenishment_rule_set,
)
from atelier.inventory.services.replenishment import replenishment_run
from atelier.inventory.services.reservations import (
    reservation_confirm,
    reservation_create,
    reservation_fulfil,
    reservation_release,
    reservations_expire_due,
)
from atelier.inventory.services.supply import (
    incoming_supply_close,
    incoming_supply_record,
    incoming_supply_update,
    supply_receive,
)
from atelier.inventory.services.transfers import (
    transfer_cancel,
    transfer_receive,
    transfer_request,
    transfer_request_replenishment,
    transfer_ship,
)

__all__ = [
    "category_budget_set",
    "count_line_record",
    "count_lines_record",
    "count_sheet_approve",
    "count_sheet_cancel",
    "count_sheet_create",
    "count_sheet_reopen",
    "count_sheet_submit",
    "default_warehouse",
    "incoming_supply_close",
    "incoming_supply_record",
    "incoming_supply_update",
    "location_for_boutique",
    "location_label_pdf",
    "location_update",
    "location_virtual",
    "locations_sync",
    "proposal_approve",
    "proposal_reject",
    "proposals_convert_to_transfers",
    "purchase_proposal_mark_ordered",
    "replenishment_rule_set",
    "replenishment_run",
    "reservation_confirm",
    "reservation_create",
    "reservation_fulfil",
    "reservation_release",
    "reservations_expire_due",
    "stock_adjust",
    "supply_receive",
    "transfer_cancel",
    "transfer_receive",
    "transfer_request",
    "transfer_request_replenishment",
    "transfer_ship",
    "variant_label_pdf",
]
