"""The fourteen roles (Django groups created by a migration).

What each may do is in `atelier.accounts.roles` (capabilities) and docs/roles.md;
which rows each sees is decided by each context's access.py from the Actor.
"""

from django.db import models


class Role(models.TextChoices):
    GUEST = "guest", "Guest"
    CUSTOMER = "customer", "Customer"
    MANUFACTURER = "manufacturer", "Manufacturer"
    PRODUCTION_MANAGER = "production_manager", "Production manager"
    SALES_REPRESENTATIVE = "sales_representative", "Sales representative"
    SALES_DIRECTOR = "sales_director", "Sales director"
    STORE_MANAGER = "store_manager", "Store manager"
    ECOMMERCE_MANAGER = "ecommerce_manager", "E-commerce manager"
    QUALITY_CONTROLLER = "quality_controller", "Quality controller"
    CUSTOMER_SERVICE_MANAGER = "customer_service_manager", "Customer service manager"
    DESIGNER = "designer", "Designer"
    ACCOUNTING_MANAGER = "accounting_manager", "Accounting manager"
    ADMIN = "admin", "Admin"
    SUPER_ADMIN = "super_admin", "Super admin"


# Roles whose rows are scoped to the boutiques the user belongs to.
BOUTIQUE_ROLES = frozenset({Role.SALES_REPRESENTATIVE, Role.STORE_MANAGER})
# Roles scoped to the regions the user belongs to.
REGION_ROLES = frozenset({Role.SALES_DIRECTOR})
# Roles that sign in to the back office (everything but guest, customer, manufacturer).
STAFF_ROLES = frozenset(set(Role) - {Role.GUEST, Role.CUSTOMER, Role.MANUFACTURER})
# Roles that must use TOTP two-factor authentication.
TWO_FACTOR_REQUIRED = frozenset({Role.ADMIN, Role.SUPER_ADMIN})
