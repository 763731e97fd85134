"""Backup codes are kept as a keyed hash only: someone who reads the database (a backup, a
replica, the admin) finds no code to sign in with. A code still opens once, also when two
requests bring it at once, and codes made before the hashing keep working."""

import re
import threading
import time
from datetime import timedelta

import pytest
import time_machine
from django.db import connection, transaction
from django.db.migrations.exceptions import IrreversibleError
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts import otp
from accounts.models import BackupCode, BackupCodeDevice, backup_code_digest
from tests.accounts.test_second_factor import DESK, SECOND_FACTOR, enrol, sign_in
from tests.second_factor import authenticator

BEFORE_HASHING = [("accounts", "0011_backup_codes")]


def english() -> Client:
    return Client(headers={"accept-language": "en"})


def enrolled_codes(client, user) -> list[str]:
    """Enrol through the pages; the ten codes the page shows once."""
    sign_in(client, user)
    codes = re.findall(r"<li>([a-z2-7]{8})</li>", enrol(client).content.decode())
    client.post(reverse("accounts:logout"))
    assert len(codes) == 10
    return codes


def test_the_database_holds_no_backup_code_only_its_hash(official):
    codes = enrolled_codes(english(), official)

    stored = list(BackupCode.objects.filter(device__user=official).values_list("digest", flat=True))

    assert len(stored) == 10
    assert all(re.fullmatch(r"[0-9a-f]{64}", digest) for digest in stored)
    assert not any(code in digest for code in codes for digest in stored)


def test_a_backup_code_opens_one_session_and_the_count_goes_down(official):
    codes = enrolled_codes(english(), official)
    first, second = english(), english()

    sign_in(first, official)
    opened = first.post(SECOND_FACTOR, {"code": f" {codes[3].upper()} ", "next": DESK})
    sign_in(second, official)
    with time_machine.travel(timezone.now() + timedelta(seconds=5)):
        refused = second.post(SECOND_FACTOR, {"code": codes[3], "next": DESK})

    assert opened.status_code == 302 and first.get(DESK).status_code == 200
    assert refused.status_code == 200 and "This code is not right" in refused.content.decode()
    assert second.get(DESK).status_code == 302
    assert otp.backup_codes_left(official) == 9


def test_wrong_backup_codes_are_throttled_like_the_app(official):
    codes = enrolled_codes(english(), official)
    client = english()
    sign_in(client, official)

    client.post(SECOND_FACTOR, {"code": "wrongone"})
    right_too_soon = client.post(SECOND_FACTOR, {"code": codes[0]})

    assert "Too many wrong codes" in right_too_soon.content.decode()
    assert client.get(DESK).status_code == 302
    assert otp.backup_codes_left(official) == 10
    with time_machine.travel(timezone.now() + timedelta(seconds=5)):
        assert client.post(SECOND_FACTOR, {"code": codes[0], "next": DESK}).url == DESK


def test_codes_keep_working_while_the_secret_key_is_rotated(official, settings):
    codes = enrolled_codes(english(), official)
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key-" + "x" * 40
    client = english()
    sign_in(client, official)

    assert client.post(SECOND_FACTOR, {"code": codes[0], "next": DESK}).url == DESK


def test_the_admin_shows_who_has_codes_and_how_many_never_the_codes(official, administrator):
    codes = enrolled_codes(english(), official)
    digests = list(BackupCode.objects.values_list("digest", flat=True))
    device = BackupCodeDevice.objects.get(user=official)
    admin = english()
    admin.force_login(administrator)

    listing = admin.get(reverse("admin:accounts_backupcodedevice_changelist")).content.decode()
    page = admin.get(reverse("admin:accounts_backupcodedevice_change", args=[device.pk]))
    delete = admin.get(reverse("admin:accounts_backupcodedevice_delete", args=[device.pk]))

    assert str(official) in listing and "Codes left" in listing
    assert re.search(r"<td[^>]*>10</td>", listing)
    for shown in (listing, page.content.decode(), delete.content.decode()):
        assert not any(secret in shown for secret in [*codes, *digests])
    assert delete.status_code == 200
    assert admin.get("/admin/otp_static/staticdevice/").status_code == 404


def waiting_for_a_lock() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def all_at_once(actions, *, behind) -> list:
    """Run the actions in threads, each with its own connection, all stopped behind a row
    lock that another transaction takes (`behind`); once every action waits for it, that
    transaction rolls back and lets them race for the row."""
    held, release = threading.Event(), threading.Event()
    results = [None] * len(actions)

    def hold():
        try:
            with transaction.atomic():
                behind()
                held.set()
                release.wait(30)
                transaction.set_rollback(True)
        finally:
            connection.close()

    def run(index, action):
        try:
            results[index] = action()
        finally:
            connection.close()

    holder = threading.Thread(target=hold)
    holder.start()
    held.wait(30)
    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(actions)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 30
    while waiting_for_a_lock() < len(actions) and time.monotonic() < deadline:
        time.sleep(0.01)
    all_waited = waiting_for_a_lock() == len(actions)
    release.set()
    for thread in [holder, *threads]:
        thread.join()
    assert all_waited, "the actions did not all reach the row lock"
    return results


@pytest.mark.needs_postgres
@pytest.mark.django_db(transaction=True)
def test_two_sign_ins_with_one_backup_code_at_once_let_one_in(official):
    code = enrolled_codes(english(), official)[0]
    browsers = [english(), english()]
    for browser in browsers:
        sign_in(browser, official)

    answers = all_at_once(
        [
            lambda b=browser: b.post(SECOND_FACTOR, {"code": code}).status_code
            for browser in browsers
        ],
        behind=lambda: list(BackupCodeDevice.objects.select_for_update().filter(user=official)),
    )

    assert sorted(answers) == [200, 302]
    assert sorted(browser.get(DESK).status_code for browser in browsers) == [200, 302]
    assert otp.backup_codes_left(official) == 9


@pytest.mark.needs_postgres
@pytest.mark.django_db(transaction=True)
def test_without_the_second_steps_lock_the_codes_row_lets_one_use_of_three_through(official):
    """The device's own check, without the second step's lock: all three read the code, and
    the delete's row count decides which one used it."""
    code = enrolled_codes(english(), official)[0]
    device = BackupCodeDevice.objects.get(user=official)
    row = device.codes.get(digest=backup_code_digest(code))

    used = all_at_once(
        [lambda: BackupCodeDevice.objects.get(pk=device.pk).verify_token(code)] * 3,
        behind=lambda: BackupCode.objects.filter(pk=row.pk).delete(),
    )

    assert used.count(True) == 1
    assert otp.backup_codes_left(official) == 9


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_the_migration_hashes_the_plain_codes_and_they_still_sign_in(official):
    authenticator(official)
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        old_apps = migrate(BEFORE_HASHING)
        StaticDevice = old_apps.get_model("otp_static", "StaticDevice")
        StaticToken = old_apps.get_model("otp_static", "StaticToken")
        device = StaticDevice.objects.create(user_id=official.pk, name=otp.BACKUP_DEVICE_NAME)
        StaticToken.objects.create(device=device, token="abcd2345")
        StaticToken.objects.create(device=device, token="wxyz6789")
    finally:
        migrate(latest)

    stored = list(BackupCode.objects.values_list("digest", flat=True))
    client = english()
    sign_in(client, official)
    signed_in = client.post(SECOND_FACTOR, {"code": "abcd2345", "next": DESK}, follow=True)

    assert len(stored) == 2 and not {"abcd2345", "wxyz6789"} & set(stored)
    assert not old_apps.get_model("otp_static", "StaticToken").objects.exists()
    assert signed_in.redirect_chain[-1][0] == DESK
    assert "You used a backup code; 1 left." in signed_in.content.decode()
    # Going back cannot give the plain codes back: it says so and changes nothing.
    with pytest.raises(IrreversibleError, match="cannot be restored"):
        migrate(BEFORE_HASHING)
    migrate(latest)
    assert otp.backup_codes_left(official) == 1
