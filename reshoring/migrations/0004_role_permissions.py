from django.db import migrations

from accounts.roles import Role, grant_permissions


def grant(apps, schema_editor):
    # The program's rules are data an administrator keeps; the rest is written by services.
    grant_permissions(
        apps,
        Role.ADMINISTRATOR,
        [
            "reshoring.view_reshoringsettings",
            "reshoring.add_reshoringsettings",
            "reshoring.change_reshoringsettings",
        ],
    )


class Migration(migrations.Migration):
    dependencies = [("reshoring", "0003_tranche_sum"), ("accounts", "0002_roles")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
