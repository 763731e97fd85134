from django.db import migrations

from accounts.roles import Role, grant_permissions


def grant(apps, schema_editor):
    grant_permissions(apps, Role.ADMINISTRATOR, ["centers.view_centerprovince"])
    grant_permissions(apps, Role.TRADE_OFFICIAL, ["centers.view_centerprovince"])


class Migration(migrations.Migration):
    dependencies = [("centers", "0003_jurisdiction"), ("accounts", "0002_roles")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
