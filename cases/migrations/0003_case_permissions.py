from django.db import migrations

from accounts.roles import Role, grant_permissions


def grant(apps, schema_editor):
    # Looking only: cases change through the workflow's services, never by hand.
    grant_permissions(
        apps,
        Role.ADMINISTRATOR,
        ["cases.view_case", "cases.view_document", "cases.view_caseevent"],
    )


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_case"), ("accounts", "0002_roles")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
