"""Sign-in throttling: failed sign-ins counted per account and per client address, the client
address being the one our own proxies saw, never one the client wrote."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from axes.models import AccessAttempt
from django.conf import settings
from django.test import RequestFactory
from django.urls import reverse

from accounts.models import SecurityEvent
from accounts.signin_guard import client_ip
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

NOON = datetime(2026, 5, 4, 12, 0, tzinfo=ZoneInfo("Asia/Seoul"))
ATTACKER = "203.0.113.9"


@pytest.fixture
def client(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def sign_in(client, username, password, **meta):
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password}, **meta
    )


def test_the_right_password_is_refused_after_ten_wrong_ones_until_the_pause_ends(client, applicant):
    with time_machine.travel(NOON, tick=False):
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            assert sign_in(client, applicant.email, "wrong").status_code == 200
        # The tenth wrong one starts the pause, and the right one is refused during it.
        assert sign_in(client, applicant.email, "wrong").status_code == 429
        refused = sign_in(client, applicant.email, PASSWORD)

    assert refused.status_code == 429
    page = refused.content.decode()
    assert "Signing in is paused" in page
    assert "Try again after 12:15 on" in page
    assert reverse("accounts:password_reset") in page
    assert "_auth_user_id" not in client.session

    with time_machine.travel(NOON + timedelta(minutes=15, seconds=1), tick=False):
        assert sign_in(client, applicant.email, PASSWORD).status_code == 302
        assert client.session["_auth_user_id"] == str(applicant.pk)


def test_an_account_is_locked_whatever_the_case_and_wherever_the_attempts_come_from(
    client, applicant
):
    for number in range(settings.AXES_FAILURE_LIMIT):
        spelling = applicant.email.upper() if number % 2 else f" {applicant.email} "
        sign_in(client, spelling, "wrong", REMOTE_ADDR=f"198.51.100.{number}")

    refused = sign_in(client, applicant.email, PASSWORD, REMOTE_ADDR="192.0.2.77")

    assert refused.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_spoofed_forwarded_for_header_does_not_hide_the_address(
    client, applicant, other_applicant
):
    # Password spraying: a new account and a new made-up X-Forwarded-For at each attempt.
    for number in range(100):
        sign_in(
            client,
            f"person{number}@example.com",
            "Summer2026!",
            REMOTE_ADDR=ATTACKER,
            HTTP_X_FORWARDED_FOR=f"10.{number // 250}.{number % 250}.1",
        )

    # Even the right password of a real account is refused from that address...
    refused = sign_in(
        client, applicant.email, PASSWORD, REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR="10.9.9.9"
    )
    assert refused.status_code == 429
    # Counted against the address that connected (until the pause, which counts no more).
    assert AccessAttempt.objects.filter(ip_address=ATTACKER).count() == settings.AXES_FAILURE_LIMIT
    assert not AccessAttempt.objects.exclude(ip_address=ATTACKER).exists()
    # ...and the accounts it tried are not locked for everyone else.
    assert sign_in(client, other_applicant.email, PASSWORD).status_code == 302


@pytest.mark.parametrize(
    ("proxies", "forwarded_for", "expected"),
    [
        # Trusting no proxy (the default): whatever the header says, REMOTE_ADDR.
        (0, "", "192.0.2.10"),
        (0, "198.51.100.7", "192.0.2.10"),
        # One proxy that appends the address it saw: the last entry; the rest is the client's.
        (1, "198.51.100.7", "198.51.100.7"),
        (1, "10.0.0.1, 198.51.100.7", "198.51.100.7"),
        # Two proxies: the outer one wrote the client's address, the inner one the outer's.
        (2, "10.0.0.1, 198.51.100.7, 172.16.0.5", "198.51.100.7"),
        # A header shorter than the chain was not written by it: REMOTE_ADDR.
        (2, "198.51.100.7", "192.0.2.10"),
        # Garbage where an address should be is no address.
        (1, "10.0.0.1, not-an-address", None),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_the_client_address_is_the_one_the_configured_proxies_saw(
    settings, proxies, forwarded_for, expected
):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get(
        "/", REMOTE_ADDR="192.0.2.10", HTTP_X_FORWARDED_FOR=forwarded_for
    )

    assert client_ip(request) == expected


def test_behind_one_proxy_the_spoofed_part_of_the_header_is_ignored(client, settings, applicant):
    settings.TRUSTED_PROXY_COUNT = 1
    for number in range(settings.AXES_FAILURE_LIMIT):
        sign_in(
            client,
            f"person{number}@example.com",
            "wrong",
            REMOTE_ADDR="10.0.0.2",  # the proxy
            HTTP_X_FORWARDED_FOR=f"10.1.1.{number}, {ATTACKER}",
        )

    refused = sign_in(
        client, applicant.email, PASSWORD, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=ATTACKER
    )
    assert refused.status_code == 429
    # Someone else behind the same proxy signs in.
    allowed = sign_in(
        client,
        applicant.email,
        PASSWORD,
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="198.51.100.20",
    )
    assert allowed.status_code == 302


def test_the_lockout_page_speaks_korean_by_default(client, applicant):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ko"
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, applicant.email, "wrong")

    page = sign_in(client, applicant.email, PASSWORD).content.decode()

    assert '<html lang="ko">' in page
    assert "로그인이 잠시 중지되었습니다" in page


def test_the_admin_sign_in_is_throttled_too(client, administrator):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("admin:login"), {"username": administrator.email, "password": "x"})

    refused = client.post(
        reverse("admin:login"), {"username": administrator.email, "password": PASSWORD}
    )

    assert refused.status_code == 429
    assert "_auth_user_id" not in client.session


def test_an_administrator_lifts_a_lockout_by_deleting_the_attempts(
    client, applicant, administrator
):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, applicant.email, "wrong", REMOTE_ADDR="198.51.100.1")
    assert sign_in(client, applicant.email, PASSWORD, REMOTE_ADDR="198.51.100.2").status_code == 429
    [attempt] = AccessAttempt.objects.all()

    admin = client.__class__()
    admin.force_login(administrator)
    assert applicant.email in admin.get(reverse("admin:axes_accessattempt_changelist")).text
    response = admin.post(
        reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    assert sign_in(client, applicant.email, PASSWORD, REMOTE_ADDR="198.51.100.2").status_code == 302


def test_an_overlong_or_odd_username_is_a_failed_sign_in_not_an_error(client):
    for username in ["x" * 5000 + "@example.com", "😀@example.com"]:
        assert sign_in(client, username, "wrong").status_code == 200
    # A NUL never reaches the sign-in: the input guard answers 400 (config/input_guard.py).
    assert sign_in(client, "a\x00b@example.com", "wrong").status_code == 400


def test_a_lockout_is_in_the_security_log_with_the_address(client, applicant):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, applicant.email, "wrong", REMOTE_ADDR=ATTACKER)

    lockout = SecurityEvent.objects.get(action=SecurityEvent.Action.LOCKOUT)
    assert lockout.actor == applicant
    assert lockout.ip_address == ATTACKER
