from django.db import migrations

from accounts.roles import Role, grant_permissions


def grant(apps, schema_editor):
    grant_permissions(
        apps,
        Role.ADMINISTRATOR,
        [
            "programs.view_sector",
            "programs.add_sector",
            "programs.change_sector",
            "programs.delete_sector",
        ],
    )
    grant_permissions(apps, Role.TRADE_OFFICIAL, ["programs.view_sector"])


class Migration(migrations.Migration):
    dependencies = [("programs", "0001_initial"), ("accounts", "0002_roles")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
