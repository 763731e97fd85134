from django.db import migrations

from accounts.roles import Role, grant_permissions


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for role in Role:
        Group.objects.get_or_create(name=role.value)
    grant_permissions(
        apps,
        Role.ADMINISTRATOR,
        [
            "accounts.view_user",
            "accounts.add_user",
            "accounts.change_user",
            "auth.view_group",
        ],
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
