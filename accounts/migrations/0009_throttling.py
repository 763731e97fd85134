from django.db import migrations, models

from accounts.roles import Role, grant_permissions


def grant(apps, schema_editor):
    # Administrators see the failed and successful sign-ins (django-axes' records) and lift a
    # lockout by deleting the failed attempts behind it; nobody writes one by hand.
    grant_permissions(
        apps,
        Role.ADMINISTRATOR,
        [
            "axes.view_accessattempt",
            "axes.delete_accessattempt",
            "axes.view_accesslog",
            "axes.view_accessfailurelog",
        ],
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0008_security_log_append_only"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [
        # The hourly limit of account e-mails per address and kind counts these.
        migrations.AddIndex(
            model_name="outgoingemail",
            index=models.Index(fields=["to", "kind", "created_at"], name="outgoing_email_recent"),
        ),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
