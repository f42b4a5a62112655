"""The back-office sidebar: one line per section, shown to those who may use it.

A later issue adds its pages by adding a `NavItem` here. Entries whose URL does not
exist (yet) are skipped, so the list can run ahead of the code.
"""

from __future__ import annotations

from dataclasses import dataclass

from atelier.accounts.roles import Cap


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    perm: str | None = None  # the capability needed to see the entry, e.g. Cap.X.perm
    section: str = ""  # URL-name prefix of the pages this entry is current for


NAV: tuple[NavItem, ...] = (
    NavItem("Dashboard", "backoffice:dashboard"),
    NavItem("Boutiques", "backoffice:boutique_list", section="backoffice:boutique_"),
    NavItem(
        "Orders",
        "backoffice:order_list",
        perm=Cap.VIEW_ORDERS.perm,
        section="backoffice:order_",
    ),
    NavItem(
        "New quotation",
        "backoffice:quotation_new",
        perm=Cap.ASSIST_SALES.perm,
        section="backoffice:quotation_",
    ),
    NavItem("Stock", "backoffice:stock_levels", section="backoffice:stock_"),
    # Every back-office role may follow the production queue (production.access).
    NavItem("Production", "backoffice:production_queue", section="backoffice:production_"),
    NavItem(
        "Purchasing",
        "backoffice:purchasing_list",
        perm=Cap.VIEW_PURCHASE_ORDERS.perm,
        section="backoffice:purchasing_",
    ),
    NavItem(
        "Shipping",
        "backoffice:shipment_list",
        perm=Cap.MANAGE_SHIPMENTS.perm,
        section="backoffice:shipment_",
    ),
    NavItem(
        "Quality",
        "backoffice:quality_queue",
        perm=Cap.INSPECT_QUALITY.perm,
        section="backoffice:quality_",
    ),
    NavItem(
        "Portal invitations",
        "backoffice:portal_invites",
        perm=Cap.MANAGE_PRODUCTION.perm,
        section="backoffice:portal_invites",
    ),
)
