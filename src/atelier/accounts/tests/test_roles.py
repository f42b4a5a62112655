import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db import connection

from atelier.accounts.models import Capability
from atelier.accounts.roles import ROLE_CAPABILITIES, ROLE_SCOPE, Cap
from atelier.accounts.services import sync_roles
from atelier.core.roles import Role

pytestmark = pytest.mark.django_db


def group_permissions() -> dict[str, set[str]]:
    return {
        group.name: {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
        for group in Group.objects.prefetch_related("permissions__content_type")
    }


def expected_permissions() -> dict[str, set[str]]:
    return {role.value: {cap.perm for cap in caps} for role, caps in ROLE_CAPABILITIES.items()}


def test_migrate_creates_the_fourteen_groups_with_their_capabilities():
    assert group_permissions() == expected_permissions()
    assert len(expected_permissions()) == 14
    assert group_permissions()["store_manager"] == {
        "accounts.access_backoffice",
        "accounts.view_dashboards",
        "accounts.view_customers",
        "accounts.manage_customers",
        "accounts.view_orders",
        "accounts.manage_orders",
        "accounts.assist_sales",
        "accounts.send_payment_links",
        "accounts.finalise_configurations",
        "accounts.manage_shipments",
        "accounts.manage_stock",
        "accounts.manage_returns",
    }
    assert group_permissions()["guest"] == set()


def test_every_role_has_capabilities_and_scope_declared():
    assert set(ROLE_CAPABILITIES) == set(Role)
    assert set(ROLE_SCOPE) == set(Role)


def test_capabilities_are_one_list_on_a_model_without_a_table():
    assert Capability._meta.permissions == Cap.choices
    assert Capability._meta.managed is False
    assert Capability._meta.db_table not in connection.introspection.table_names()
    assert set(
        Permission.objects.filter(
            content_type__app_label="accounts", codename__in=Cap.values
        ).values_list("codename", flat=True)
    ) == set(Cap.values)


def test_only_super_admin_may_change_settings_and_only_admins_manage_users():
    holders = {
        cap: {r.value for r, caps in ROLE_CAPABILITIES.items() if cap in caps} for cap in Cap
    }
    assert holders[Cap.MANAGE_SETTINGS] == {"super_admin"}
    assert holders[Cap.MANAGE_USERS] == {"admin", "super_admin"}
    assert holders[Cap.USE_PORTAL] == {"manufacturer"}
    assert holders[Cap.SHOP] == {"customer"}


def test_sync_roles_repairs_groups_and_is_idempotent():
    Group.objects.get(name="designer").delete()
    admin = Group.objects.get(name="admin")
    admin.permissions.remove(Permission.objects.get(codename="manage_users"))
    admin.permissions.add(Permission.objects.get(codename="manage_settings"))
    Permission.objects.filter(codename="shop").update(name="renamed by hand")

    sync_roles()
    sync_roles()

    assert group_permissions() == expected_permissions()
    assert Group.objects.count() == 14
    assert Permission.objects.get(codename="shop").name == Cap.SHOP.label


def test_the_migration_creates_groups_and_permissions_from_nothing():
    Group.objects.all().delete()
    Permission.objects.filter(content_type__app_label="accounts", codename__in=Cap.values).delete()
    migration = importlib.import_module("atelier.accounts.migrations.0004_role_groups")

    migration.create_role_groups(apps, None)

    assert group_permissions() == expected_permissions()


@pytest.mark.django_db(transaction=True)
def test_groups_survive_a_database_flush():
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0)

    assert group_permissions() == expected_permissions()
