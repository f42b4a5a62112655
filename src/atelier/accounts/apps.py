from django.apps import AppConfig
from django.apps import apps as global_apps
from django.db import DEFAULT_DB_ALIAS
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "atelier.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"

    def ready(self):
        # Like Django's own create_permissions: after every migrate (and test-database
        # flush) the role groups match `atelier.accounts.roles` again.
        post_migrate.connect(_sync_role_groups, sender=self)


def _sync_role_groups(sender, apps=None, using=DEFAULT_DB_ALIAS, **kwargs):
    from atelier.accounts.roles import sync_role_groups

    apps = apps or global_apps  # a flush (TransactionTestCase) sends no `apps`
    try:
        capability = apps.get_model("accounts", "Capability")
        group = apps.get_model("auth", "Group")
        permission = apps.get_model("auth", "Permission")
        content_type = apps.get_model("contenttypes", "ContentType")
    except LookupError:  # migrated back before the models exist
        return
    sync_role_groups(
        group_model=group,
        permission_model=permission,
        content_type_model=content_type,
        capabilities=capability._meta.permissions,
        using=using,
    )
