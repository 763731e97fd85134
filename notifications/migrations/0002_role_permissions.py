from django.db import migrations

from accounts.roles import Role, grant_permissions


def grant(apps, schema_editor):
    # Administrators see whether each e-mail went out; nobody edits a notification by hand.
    grant_permissions(apps, Role.ADMINISTRATOR, ["notifications.view_notification"])


class Migration(migrations.Migration):
    dependencies = [("notifications", "0001_notifications"), ("accounts", "0002_roles")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
