"""Backup codes move from django-otp's StaticToken, which held each code in plain text, to
accounts.BackupCode, which holds only its keyed hash (accounts.models.backup_code_digest).

Forwards, every code left keeps working and its plain text is deleted. Backwards cannot
give the plain codes back: it refuses while any hashed code exists (see `refuse`)."""

from django.db import migrations
from django.db.migrations.exceptions import IrreversibleError

from accounts.models import backup_code_digest
from accounts.roles import Role, grant_permissions


def hash_plain_codes(apps, schema_editor):
    StaticDevice = apps.get_model("otp_static", "StaticDevice")
    StaticToken = apps.get_model("otp_static", "StaticToken")
    BackupCodeDevice = apps.get_model("accounts", "BackupCodeDevice")
    BackupCode = apps.get_model("accounts", "BackupCode")
    for old in StaticDevice.objects.order_by("pk").iterator():
        new = BackupCodeDevice.objects.create(
            user_id=old.user_id,
            name=old.name,
            confirmed=old.confirmed,
            throttling_failure_timestamp=old.throttling_failure_timestamp,
            throttling_failure_count=old.throttling_failure_count,
            last_used_at=old.last_used_at,
        )
        # created_at is set on creation: keep the enrolment's date.
        BackupCodeDevice.objects.filter(pk=new.pk).update(created_at=old.created_at)
        tokens = StaticToken.objects.filter(device_id=old.pk).values_list("token", flat=True)
        BackupCode.objects.bulk_create(
            # As accounts.otp reads a typed code: no spaces, lower case.
            BackupCode(device=new, digest=backup_code_digest("".join(token.split()).lower()))
            for token in tokens
        )
    # The plain codes go (their tokens with them). A session verified with one of these
    # devices is asked for a code again.
    StaticDevice.objects.all().delete()


def refuse(apps, schema_editor):
    if apps.get_model("accounts", "BackupCode").objects.exists():
        raise IrreversibleError(
            "Backup codes are stored only as hashes: the plain codes cannot be restored. "
            "To go back anyway, delete the backup codes (accounts.BackupCodeDevice) first; "
            "their owners then have their authenticator app alone until they enrol again."
        )


def grant(apps, schema_editor):
    # As for the authenticator app (0006): administrators see who has backup codes (never
    # the codes) and remove them; a person makes their own at enrolment.
    grant_permissions(
        apps,
        Role.ADMINISTRATOR,
        ["accounts.view_backupcodedevice", "accounts.delete_backupcodedevice"],
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0011_backup_codes"),
        ("otp_static", "0003_add_timestamps"),
    ]

    operations = [
        migrations.RunPython(hash_plain_codes, refuse),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
