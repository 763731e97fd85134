from django.db import migrations

from accounts.roles import Role, grant_permissions


def grant(apps, schema_editor):
    # Administrators see who has a second factor and remove a lost phone's; a person enrols
    # their own, so nobody adds or changes one by hand.
    grant_permissions(
        apps,
        Role.ADMINISTRATOR,
        [
            "otp_totp.view_totpdevice",
            "otp_totp.delete_totpdevice",
            "otp_static.view_staticdevice",
            "otp_static.delete_staticdevice",
        ],
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_outgoing_email_permissions"),
        ("otp_totp", "0003_add_timestamps"),
        ("otp_static", "0003_add_timestamps"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
