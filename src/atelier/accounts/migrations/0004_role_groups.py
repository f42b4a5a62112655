"""The fourteen roles as groups, each with its capabilities (see atelier.accounts.roles).

Runs with historical models and the capability list frozen in 0003, so a fresh `migrate`
yields every group with its permissions before post_migrate has run. Later changes to
`ROLE_CAPABILITIES` are applied by the post_migrate sync on every `migrate`.
"""

from django.db import migrations

from atelier.accounts.roles import sync_role_groups


def create_role_groups(apps, schema_editor):
    sync_role_groups(
        group_model=apps.get_model("auth", "Group"),
        permission_model=apps.get_model("auth", "Permission"),
        content_type_model=apps.get_model("contenttypes", "ContentType"),
        capabilities=apps.get_model("accounts", "Capability")._meta.permissions,
        using=schema_editor.connection.alias if schema_editor else "default",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_capability"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(create_role_groups, migrations.RunPython.noop, elidable=False),
    ]
