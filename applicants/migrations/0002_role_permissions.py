from django.db import migrations

from accounts.roles import Role, grant_permissions


def grant(apps, schema_editor):
    grant_permissions(
        apps,
        Role.ADMINISTRATOR,
        [
            "applicants.view_company",
            "applicants.add_company",
            "applicants.change_company",
            "applicants.delete_company",
            "applicants.view_companymember",
            "applicants.add_companymember",
            "applicants.change_companymember",
            "applicants.delete_companymember",
        ],
    )
    grant_permissions(
        apps,
        Role.TRADE_OFFICIAL,
        ["applicants.view_company", "applicants.view_companymember"],
    )


class Migration(migrations.Migration):
    dependencies = [("applicants", "0001_initial"), ("accounts", "0002_roles")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
