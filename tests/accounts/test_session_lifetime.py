"""How long a session lasts: staff sessions end when the browser closes and after 30 minutes
idle; company sessions survive the browser closing and end after 12 hours idle."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse

from tests.factories import PASSWORD
from tests.second_factor import verify_session

pytestmark = pytest.mark.django_db

NINE = datetime(2026, 5, 4, 9, 0, tzinfo=ZoneInfo("Asia/Seoul"))


@pytest.fixture
def client(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def sign_in(client, user):
    """The password, and for staff the second step as well."""
    response = client.post(
        reverse("accounts:login"), {"username": user.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    if user.is_trade_official or user.is_administrator:
        verify_session(client, user)
    return response.cookies[settings.SESSION_COOKIE_NAME]


def desk(client):
    return client.get(reverse("desk:queue"))


@pytest.mark.parametrize("persona", ["official", "administrator"])
def test_a_staff_session_cookie_ends_with_the_browser(client, request, persona):
    cookie = sign_in(client, request.getfixturevalue(persona))

    assert cookie["max-age"] == ""
    assert cookie["expires"] == ""


def test_a_company_session_cookie_survives_the_browser_for_two_weeks(client, applicant):
    cookie = sign_in(client, applicant)

    assert cookie["max-age"] == 60 * 60 * 24 * 14


def test_a_staff_session_idle_for_29_minutes_goes_on(client, official):
    with time_machine.travel(NINE, tick=False):
        sign_in(client, official)
    with time_machine.travel(NINE + timedelta(minutes=29), tick=False):
        assert desk(client).status_code == 200
    # Each request starts the 30 minutes again.
    with time_machine.travel(NINE + timedelta(minutes=58), tick=False):
        assert desk(client).status_code == 200


def test_a_staff_session_idle_for_31_minutes_is_signed_out(client, official):
    with time_machine.travel(NINE, tick=False):
        sign_in(client, official)
    with time_machine.travel(NINE + timedelta(minutes=31), tick=False):
        response = client.get(reverse("desk:queue"), follow=True)

        assert response.redirect_chain[0][0].startswith(reverse("accounts:login"))
        assert "You were signed out because you had been inactive" in response.content.decode()
        assert "_auth_user_id" not in client.session
        # Signing in again works at once.
        sign_in(client, official)
        assert desk(client).status_code == 200


def test_a_force_logged_in_staff_session_is_timed_as_well(client, administrator):
    with time_machine.travel(NINE, tick=False):
        client.force_login(administrator)
    with time_machine.travel(NINE + timedelta(minutes=31), tick=False):
        assert desk(client).status_code == 302


def test_a_company_session_lasts_12_hours_idle(client, applicant):
    my_cases = reverse("portal:my_cases")
    with time_machine.travel(NINE, tick=False):
        sign_in(client, applicant)
    with time_machine.travel(NINE + timedelta(hours=11, minutes=59), tick=False):
        assert client.get(my_cases).status_code == 200
    with time_machine.travel(NINE + timedelta(hours=24), tick=False):
        assert client.get(my_cases).status_code == 302


def test_a_staff_session_ends_12_hours_after_signing_in_however_busy(client, official):
    with time_machine.travel(NINE, tick=False):
        sign_in(client, official)
    for minutes in range(29, 12 * 60, 29):
        with time_machine.travel(NINE + timedelta(minutes=minutes), tick=False):
            assert desk(client).status_code == 200
    with time_machine.travel(NINE + timedelta(hours=12, minutes=1), tick=False):
        response = client.get(reverse("desk:queue"), follow=True)
        assert "your session reached its time limit" in response.content.decode()
        assert "_auth_user_id" not in client.session


def test_a_company_session_ends_14_days_after_signing_in(client, applicant):
    my_cases = reverse("portal:my_cases")
    with time_machine.travel(NINE, tick=False):
        sign_in(client, applicant)
    for hours in range(11, 14 * 24, 11):
        with time_machine.travel(NINE + timedelta(hours=hours), tick=False):
            assert client.get(my_cases).status_code == 200
    with time_machine.travel(NINE + timedelta(days=14, minutes=1), tick=False):
        assert client.get(my_cases).status_code == 302


def test_the_idle_limits_are_settings(client, settings, official):
    settings.STAFF_SESSION_IDLE_TIMEOUT = timedelta(minutes=5)
    with time_machine.travel(NINE, tick=False):
        sign_in(client, official)
    with time_machine.travel(NINE + timedelta(minutes=6), tick=False):
        assert desk(client).status_code == 302


def test_reading_pages_does_not_write_the_session_each_time(client, official):
    with time_machine.travel(NINE, tick=False):
        sign_in(client, official)
        desk(client)
        key = client.session.session_key
    with time_machine.travel(NINE + timedelta(seconds=30), tick=False):
        before = Session.objects.get(pk=key).session_data
        desk(client)
        assert Session.objects.get(pk=key).session_data == before
