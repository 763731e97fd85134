from django.db import migrations

from accounts.roles import Role, grant_permissions


def grant(apps, schema_editor):
    grant_permissions(
        apps,
        Role.ADMINISTRATOR,
        [
            "centers.view_supportcenter",
            "centers.add_supportcenter",
            "centers.change_supportcenter",
            "centers.delete_supportcenter",
            "centers.view_tradeofficial",
            "centers.add_tradeofficial",
            "centers.change_tradeofficial",
            "centers.delete_tradeofficial",
            "centers.view_staffassignment",
            "centers.add_staffassignment",
            "centers.change_staffassignment",
            "centers.delete_staffassignment",
        ],
    )
    grant_permissions(
        apps,
        Role.TRADE_OFFICIAL,
        [
            "centers.view_supportcenter",
            "centers.view_tradeofficial",
            "centers.view_staffassignment",
        ],
    )


class Migration(migrations.Migration):
    dependencies = [("centers", "0001_initial"), ("accounts", "0002_roles")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
