from django.db import migrations

from accounts.roles import Role, grant_permissions

# programs/ depends on none of our apps, so the roles' rights on the catalog are granted
# here, by the app at the top that may know both.
CATALOG = ["sector", "promisingitem", "documenttype", "program"]
ACTIONS = ["view", "add", "change", "delete"]


def grant(apps, schema_editor):
    grant_permissions(
        apps,
        Role.ADMINISTRATOR,
        [f"programs.{action}_{model}" for model in CATALOG for action in ACTIONS],
    )
    grant_permissions(apps, Role.TRADE_OFFICIAL, [f"programs.view_{model}" for model in CATALOG])


class Migration(migrations.Migration):
    dependencies = [("programs", "0002_catalog"), ("accounts", "0002_roles")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
