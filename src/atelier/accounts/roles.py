"""What each role may do (capabilities) and which rows it sees (scope).

The fourteen roles are `atelier.core.roles.Role`; each is a Django group named by the
role's value. Capabilities are custom permissions of the table-less model
`accounts.Capability` (app label `accounts`), so a check reads
`actor.has_perm(Cap.MANAGE_CATALOG.perm)` == `actor.has_perm("accounts.manage_catalog")`.

`docs/roles.md` shows the same table for people; a test keeps the two identical.
Groups follow this module: the `0004_role_groups` migration creates them and every
`migrate` (post_migrate) brings their permissions back in line with `ROLE_CAPABILITIES`.
"""

from __future__ import annotations

from django.db import models

from atelier.core.roles import Role

APP_LABEL = "accounts"
CAPABILITY_MODEL = "capability"


class Cap(models.TextChoices):
    """Every capability in the product; `accounts.Capability.Meta.permissions` is this list."""

    ACCESS_BACKOFFICE = "access_backoffice", "Sign in to the back office"
    VIEW_DASHBOARDS = "view_dashboards", "See dashboards and reports"
    MANAGE_CATALOG = "manage_catalog", "Edit products, variants, categories, collections, media"
    PUBLISH_CATALOG = "publish_catalog", "Publish catalog changes to the storefront"
    MANAGE_PRICES = "manage_prices", "Edit price lists, taxes and promotions"
    VIEW_CUSTOMERS = "view_customers", "See customer records"
    MANAGE_CUSTOMERS = "manage_customers", "Create and edit customers, addresses and notes"
    VIEW_ORDERS = "view_orders", "See quotations and sales orders"
    MANAGE_ORDERS = "manage_orders", "Create and change quotations and sales orders"
    ASSIST_SALES = "assist_sales", "Sell on a customer's behalf (assisted sales)"
    SEND_PAYMENT_LINKS = "send_payment_links", "Send payment links"
    FINALISE_CONFIGURATIONS = "finalise_configurations", "Finalise made-to-order configurations"
    VIEW_PURCHASE_ORDERS = "view_purchase_orders", "See purchase orders"
    RAISE_PURCHASE_ORDERS = "raise_purchase_orders", "Raise purchase orders"
    RELEASE_PURCHASE_ORDERS = (
        "release_purchase_orders",
        "Validate purchase orders and release them to manufacturers",
    )
    MANAGE_PRODUCTION = "manage_production", "Plan and follow the production queue"
    USE_PORTAL = "use_portal", "Use the manufacturer portal"
    INSPECT_QUALITY = "inspect_quality", "Record quality inspections, defects and rework"
    MANAGE_SHIPMENTS = "manage_shipments", "Prepare, book and dispatch shipments"
    MANAGE_STOCK = "manage_stock", "Record stock moves, transfers and counts"
    APPROVE_REPLENISHMENT = (
        "approve_replenishment",
        "Approve or reject replenishment proposals over a category's budget",
    )
    MANAGE_RETURNS = "manage_returns", "Accept and settle returns"
    HANDLE_TICKETS = "handle_tickets", "Work helpdesk tickets"
    VIEW_ACCOUNTING = "view_accounting", "See the ledger, invoices and payments"
    POST_ACCOUNTING = "post_accounting", "Post invoices, credit notes and journal entries"
    MANAGE_USERS = "manage_users", "Create staff accounts and invite manufacturers"
    MANAGE_SETTINGS = "manage_settings", "Change system settings"
    SHOP = "shop", "Buy on the storefront and follow own orders"

    @property
    def perm(self) -> str:
        """The name `has_perm` takes: "accounts.<codename>"."""
        return f"{APP_LABEL}.{self.value}"


class Scope(models.TextChoices):
    """Which rows a role sees; each context's access.py implements it per model."""

    PUBLIC = "public", "public pages only"
    OWN = "own", "own account, orders and requests"
    MANUFACTURER = "manufacturer", "own manufacturer"
    BOUTIQUE = "boutique", "own boutiques"
    REGION = "region", "own regions"
    ALL = "all", "all"


_SELLING = frozenset(
    {
        Cap.ACCESS_BACKOFFICE,
        Cap.VIEW_CUSTOMERS,
        Cap.MANAGE_CUSTOMERS,
        Cap.VIEW_ORDERS,
        Cap.MANAGE_ORDERS,
        Cap.ASSIST_SALES,
        Cap.SEND_PAYMENT_LINKS,
    }
)
_ADMIN = frozenset(Cap) - {Cap.SHOP, Cap.USE_PORTAL, Cap.MANAGE_SETTINGS}

ROLE_CAPABILITIES: dict[Role, frozenset[Cap]] = {
    Role.GUEST: frozenset(),
    Role.CUSTOMER: frozenset({Cap.SHOP}),
    Role.MANUFACTURER: frozenset({Cap.USE_PORTAL, Cap.VIEW_PURCHASE_ORDERS}),
    Role.PRODUCTION_MANAGER: frozenset(
        {
            Cap.ACCESS_BACKOFFICE,
            Cap.VIEW_DASHBOARDS,
            Cap.VIEW_ORDERS,
            Cap.FINALISE_CONFIGURATIONS,
            Cap.VIEW_PURCHASE_ORDERS,
            Cap.RAISE_PURCHASE_ORDERS,
            Cap.RELEASE_PURCHASE_ORDERS,
            Cap.MANAGE_PRODUCTION,
            Cap.MANAGE_STOCK,
            Cap.APPROVE_REPLENISHMENT,
            Cap.MANAGE_SHIPMENTS,
        }
    ),
    Role.SALES_REPRESENTATIVE: _SELLING,
    Role.STORE_MANAGER: _SELLING
    | {
        Cap.VIEW_DASHBOARDS,
        Cap.FINALISE_CONFIGURATIONS,
        Cap.MANAGE_STOCK,
        Cap.MANAGE_RETURNS,
        Cap.MANAGE_SHIPMENTS,
    },
    Role.SALES_DIRECTOR: _SELLING | {Cap.VIEW_DASHBOARDS, Cap.MANAGE_RETURNS},
    Role.ECOMMERCE_MANAGER: frozenset(
        {
            Cap.ACCESS_BACKOFFICE,
            Cap.VIEW_DASHBOARDS,
            Cap.MANAGE_CATALOG,
            Cap.PUBLISH_CATALOG,
            Cap.MANAGE_PRICES,
            Cap.VIEW_CUSTOMERS,
            Cap.VIEW_ORDERS,
            Cap.MANAGE_ORDERS,
        }
    ),
    Role.QUALITY_CONTROLLER: frozenset(
        {Cap.ACCESS_BACKOFFICE, Cap.VIEW_PURCHASE_ORDERS, Cap.INSPECT_QUALITY}
    ),
    Role.CUSTOMER_SERVICE_MANAGER: frozenset(
        {
            Cap.ACCESS_BACKOFFICE,
            Cap.VIEW_DASHBOARDS,
            Cap.VIEW_CUSTOMERS,
            Cap.MANAGE_CUSTOMERS,
            Cap.VIEW_ORDERS,
            Cap.MANAGE_ORDERS,
            Cap.SEND_PAYMENT_LINKS,
            Cap.MANAGE_RETURNS,
            Cap.MANAGE_SHIPMENTS,
            Cap.HANDLE_TICKETS,
        }
    ),
    Role.DESIGNER: frozenset(
        {
            Cap.ACCESS_BACKOFFICE,
            Cap.MANAGE_CATALOG,
            Cap.VIEW_ORDERS,
            Cap.FINALISE_CONFIGURATIONS,
        }
    ),
    Role.ACCOUNTING_MANAGER: frozenset(
        {
            Cap.ACCESS_BACKOFFICE,
            Cap.VIEW_DASHBOARDS,
            Cap.VIEW_CUSTOMERS,
            Cap.VIEW_ORDERS,
            Cap.VIEW_PURCHASE_ORDERS,
            Cap.VIEW_ACCOUNTING,
            Cap.POST_ACCOUNTING,
        }
    ),
    Role.ADMIN: _ADMIN,
    Role.SUPER_ADMIN: _ADMIN | {Cap.MANAGE_SETTINGS},
}

ROLE_SCOPE: dict[Role, Scope] = {
    Role.GUEST: Scope.PUBLIC,
    Role.CUSTOMER: Scope.OWN,
    Role.MANUFACTURER: Scope.MANUFACTURER,
    Role.PRODUCTION_MANAGER: Scope.ALL,
    Role.SALES_REPRESENTATIVE: Scope.BOUTIQUE,
    Role.SALES_DIRECTOR: Scope.REGION,
    Role.STORE_MANAGER: Scope.BOUTIQUE,
    Role.ECOMMERCE_MANAGER: Scope.ALL,
    Role.QUALITY_CONTROLLER: Scope.ALL,
    Role.CUSTOMER_SERVICE_MANAGER: Scope.ALL,
    Role.DESIGNER: Scope.ALL,
    Role.ACCOUNTING_MANAGER: Scope.ALL,
    Role.ADMIN: Scope.ALL,
    Role.SUPER_ADMIN: Scope.ALL,
}


def sync_role_groups(
    *, group_model, permission_model, content_type_model, capabilities, using="default"
) -> None:
    """Create the fourteen groups and the capability permissions, and set each group's set.

    Works with real or historical models (the migration passes `apps.get_model(...)`), so
    it uses only `get_or_create`, `filter` and `.set()`. `capabilities` is the list of
    (codename, name) pairs that exist at that point (`Capability._meta.permissions`).
    Idempotent: running it twice changes nothing.
    """
    content_type, _ = content_type_model.objects.using(using).get_or_create(
        app_label=APP_LABEL, model=CAPABILITY_MODEL
    )
    by_codename = {}
    for codename, name in capabilities:
        permission, _ = permission_model.objects.using(using).get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )
        if permission.name != name:
            permission.name = name
            permission.save(update_fields=["name"], using=using)
        by_codename[codename] = permission
    for role in Role:
        group, _ = group_model.objects.using(using).get_or_create(name=role.value)
        wanted = [by_codename[c] for c in sorted(ROLE_CAPABILITIES[role]) if c in by_codename]
        group.permissions.set(wanted)
