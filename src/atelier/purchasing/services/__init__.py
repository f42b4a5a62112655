"""Purchasing's writes: keyword-only `<entity>_<verb>(*, ..., actor)`, one transaction
each, status changes through `transitions.py`, events after commit."""

from atelier.purchasing.services.collab import purchase_order_file_add, purchase_order_message_post
from atelier.purchasing.services.contacts import (
    manufacturer_contact_add,
    manufacturer_contact_remove,
)
from atelier.purchasing.services.creating import (
    ManualLine,
    purchase_order_create,
    purchase_order_from_proposals,
    purchase_orders_raise_for_order,
)
from atelier.purchasing.services.lifecycle import (
    purchase_order_accept,
    purchase_order_cancel,
    purchase_order_complete,
    purchase_order_decline,
    purchase_order_reassign,
    purchase_order_release,
    purchase_order_start,
    purchase_order_update,
)
from atelier.purchasing.services.profile import manufacturer_profile_update
from atelier.purchasing.services.revisions import (
    purchase_line_finalised,
    purchase_line_revise,
    purchase_revision_accept,
    purchase_revision_refuse,
)

__all__ = [
    "ManualLine",
    "manufacturer_contact_add",
    "manufacturer_contact_remove",
    "manufacturer_profile_update",
    "purchase_line_finalised",
    "purchase_line_revise",
    "purchase_order_accept",
    "purchase_order_cancel",
    "purchase_order_complete",
    "purchase_order_create",
    "purchase_order_decline",
    "purchase_order_file_add",
    "purchase_order_from_proposals",
    "purchase_order_message_post",
    "purchase_order_reassign",
    "purchase_order_release",
    "purchase_order_start",
    "purchase_order_update",
    "purchase_orders_raise_for_order",
    "purchase_revision_accept",
    "purchase_revision_refuse",
]
