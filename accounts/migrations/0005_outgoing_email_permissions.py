from django.db import migrations

from accounts.roles import Role, grant_permissions


def grant(apps, schema_editor):
    # Administrators see whether each account e-mail went out; nobody edits one by hand.
    grant_permissions(apps, Role.ADMINISTRATOR, ["accounts.view_outgoingemail"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_outgoing_email")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
