"""The second factor: staff enrol an authenticator app at their first sign-in and give its
code after the password at every sign-in; companies may turn it on. The codes are real
TOTP codes, computed from the device's key as the app computes them."""

import re
from base64 import b32decode
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import otp
from accounts.models import BackupCode, SecurityEvent, backup_code_digest
from tests.factories import PASSWORD
from tests.second_factor import authenticator, code_now

Action = SecurityEvent.Action
DESK = reverse("desk:queue")
SECOND_FACTOR = reverse("accounts:second_factor")
ENROL = reverse("accounts:second_factor_enrol")


@pytest.fixture
def client():
    """A browser that reads English, so the assertions read the words a person sees."""
    return Client(headers={"accept-language": "en"})


def sign_in(client, user, next_url=""):
    """The password step, as the log-in page takes it (Django's own view)."""
    response = client.post(
        reverse("accounts:login"),
        {"username": user.email, "password": PASSWORD, "next": next_url},
    )
    assert response.status_code == 302, response.content.decode()
    return response


def secret_on(page: str) -> bytes:
    """The key from the secret the enrolment page shows for typing."""
    typed = re.search(r'id="otp-secret">([A-Z2-7 ]+)<', page).group(1)
    return b32decode(typed.replace(" ", ""))


def enrol(client, next_url=""):
    """Through the enrolment page: read the secret, enter the code an app would show."""
    page = client.get(ENROL, {"next": next_url}).content.decode()
    response = client.post(ENROL, {"code": code_now(secret_on(page)), "next": next_url})
    assert response.status_code == 302, response.content.decode()
    return client.get(response.url)


def test_a_staff_member_without_a_second_factor_is_sent_to_enrol_and_cannot_open_the_desk(
    client, official
):
    sign_in(client, official)

    home = client.get("/")
    desk = client.get(DESK)
    case = client.get(reverse("desk:case", args=[1]))

    assert home.status_code == 302 and home.url.startswith(ENROL)
    assert desk.status_code == 302 and desk.url == f"{ENROL}?next=%2Fdesk%2F"
    assert case.status_code == 302 and case.url.startswith(ENROL)


def test_staffing_pages_and_the_admin_wait_for_the_second_step_too(client, administrator):
    sign_in(client, administrator)

    for url in (reverse("staffing:centers"), reverse("admin:index"), DESK):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(ENROL), url


def test_enrolment_shows_the_qr_code_inline_and_the_secret_to_type(client, official):
    sign_in(client, official)

    page = client.get(ENROL).content.decode()

    assert re.search(r"<svg[^>]*viewBox", page)
    assert "<title>QR code for your authenticator app</title>" in page
    # The strict Content-Security-Policy allows neither inline style nor inline script.
    assert "style=" not in page
    assert not re.search(r"<script(?![^>]*\bsrc=)", page)
    assert len(secret_on(page)) == 20


def test_with_the_right_code_enrolment_opens_the_desk_and_shows_ten_backup_codes_once(
    client, official
):
    sign_in(client, official, next_url=DESK)
    page = client.get(DESK, follow=True)
    assert page.redirect_chain[-1][0] == f"{ENROL}?next=%2Fdesk%2F"

    codes_page = enrol(client, next_url=DESK).content.decode()
    desk = client.get(DESK)
    codes_again = client.get(reverse("accounts:second_factor_backup_codes"))

    codes = re.findall(r"<li>([a-z2-7]{8})</li>", codes_page)
    assert len(codes) == 10
    assert sorted(backup_code_digest(code) for code in codes) == sorted(
        BackupCode.objects.filter(device__user=official).values_list("digest", flat=True)
    )
    assert 'href="/desk/"' in codes_page
    assert desk.status_code == 200
    assert codes_again.status_code == 302  # shown once: never again
    assert TOTPDevice.objects.get(user=official).confirmed


def test_a_wrong_code_at_enrolment_turns_nothing_on(client, official):
    sign_in(client, official)
    client.get(ENROL)

    response = client.post(ENROL, {"code": "000000"})

    assert response.status_code == 200
    assert "This code is not right" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=official).exists()
    assert client.get(DESK).status_code == 302


def test_an_enrolled_official_is_asked_for_the_code_right_after_the_password(client, official):
    authenticator(official)

    signed_in = sign_in(client, official, next_url=DESK)
    desk = client.get(signed_in.url)
    enrol_page = client.get(ENROL)

    assert signed_in.url == DESK
    assert desk.status_code == 302 and desk.url == f"{SECOND_FACTOR}?next=%2Fdesk%2F"
    # Replacing the factor takes the factor: a password alone cannot enrol a new phone.
    assert enrol_page.status_code == 302 and enrol_page.url.startswith(SECOND_FACTOR)


def test_with_a_wrong_code_the_official_stays_out_and_with_the_right_one_gets_in(client, official):
    device = authenticator(official)
    sign_in(client, official)

    wrong = client.post(SECOND_FACTOR, {"code": "123456", "next": DESK})
    desk_after_wrong = client.get(DESK)
    # A wrong code slows the next try down (django-otp's throttle): wait it out.
    with time_machine.travel(timezone.now() + timedelta(seconds=5)):
        right = client.post(SECOND_FACTOR, {"code": code_now(device), "next": DESK})
        desk = client.get(DESK)

    assert wrong.status_code == 200
    assert "This code is not right" in wrong.content.decode()
    assert desk_after_wrong.status_code == 302
    assert right.status_code == 302 and right.url == DESK
    assert desk.status_code == 200


def test_the_same_code_does_not_open_a_second_session(client, official):
    device = authenticator(official)
    code = code_now(device)
    sign_in(client, official)
    client.post(SECOND_FACTOR, {"code": code})
    client.post(reverse("accounts:logout"))

    sign_in(client, official)
    again = client.post(SECOND_FACTOR, {"code": code})

    assert again.status_code == 200
    assert client.get(DESK).status_code == 302


def test_a_backup_code_opens_once(client, official):
    sign_in(client, official)
    codes = re.findall(r"<li>([a-z2-7]{8})</li>", enrol(client).content.decode())
    client.post(reverse("accounts:logout"))

    sign_in(client, official)
    first = client.post(SECOND_FACTOR, {"code": codes[0].upper(), "next": DESK}, follow=True)
    client.post(reverse("accounts:logout"))
    sign_in(client, official)
    with time_machine.travel(timezone.now() + timedelta(seconds=5)):
        second = client.post(SECOND_FACTOR, {"code": codes[0], "next": DESK})
        desk = client.get(DESK)

    assert first.redirect_chain[-1][0] == DESK
    assert "You used a backup code; 9 left." in first.content.decode()
    assert second.status_code == 200
    assert desk.status_code == 302


@pytest.mark.second_factor_pending
def test_force_login_alone_leaves_a_staff_session_owing_the_second_step(client, official):
    authenticator(official)
    client.force_login(official)

    response = client.get(DESK)

    assert response.status_code == 302 and response.url.startswith(SECOND_FACTOR)


def test_a_company_user_who_turned_it_on_is_asked_for_the_code_at_sign_in(client, applicant):
    client.force_login(applicant)  # no second factor yet: the password is enough
    off = client.get(reverse("accounts:two_step")).content.decode()
    enrol(client, next_url=reverse("accounts:two_step"))
    on = client.get(reverse("accounts:two_step")).content.decode()
    client.post(reverse("accounts:logout"))

    sign_in(client, applicant)
    my_cases = client.get(reverse("portal:my_cases"))
    with time_machine.travel(timezone.now() + timedelta(seconds=31)):
        client.post(SECOND_FACTOR, {"code": code_now(authenticator(applicant))})
        after = client.get(reverse("portal:my_cases"))

    assert "Off." in off
    assert "On." in on and "10 backup codes left." in on
    assert my_cases.status_code == 302 and my_cases.url.startswith(SECOND_FACTOR)
    assert after.status_code == 200


def test_a_company_user_turns_it_off_with_a_code_and_signs_in_with_the_password_again(
    client, applicant
):
    client.force_login(applicant)
    enrol(client)

    with time_machine.travel(timezone.now() + timedelta(seconds=31)):
        off = client.post(
            reverse("accounts:second_factor_disable"), {"code": code_now(authenticator(applicant))}
        )
    client.post(reverse("accounts:logout"))
    sign_in(client, applicant)

    assert off.status_code == 302
    assert not otp.has_second_factor(applicant)
    assert client.get(reverse("portal:my_cases")).status_code == 200


def test_staff_cannot_turn_it_off(client, official):
    client.force_login(official)
    device = authenticator(official)

    page = client.get(reverse("accounts:two_step")).content.decode()
    with time_machine.travel(timezone.now() + timedelta(seconds=31)):
        refused = client.post(reverse("accounts:second_factor_disable"), {"code": code_now(device)})

    assert reverse("accounts:second_factor_disable") not in page
    assert refused.status_code == 400
    assert otp.has_second_factor(official)


def test_each_enrolment_is_announced_for_the_security_log(client, official):
    heard = []

    def listener(sender, user, device, **kwargs):
        heard.append((user.pk, device.pk))

    otp.second_factor_enrolled.connect(listener)
    try:
        sign_in(client, official)
        enrol(client)
    finally:
        otp.second_factor_enrolled.disconnect(listener)

    assert heard == [(official.pk, TOTPDevice.objects.get(user=official).pk)]


def test_turning_it_on_and_off_is_in_the_security_log(client, applicant):
    client.force_login(applicant)
    enrol(client)
    with time_machine.travel(timezone.now() + timedelta(seconds=31)):
        client.post(
            reverse("accounts:second_factor_disable"), {"code": code_now(authenticator(applicant))}
        )

    actions = list(
        SecurityEvent.objects.filter(actor=applicant)
        .exclude(action__in=[Action.SIGN_IN, Action.SIGN_OUT])
        .order_by("at", "pk")
        .values_list("action", flat=True)
    )
    assert actions == [Action.OTP_ENROL, Action.OTP_DISABLE]


def test_a_company_user_whose_app_is_removed_mid_sign_in_is_let_in_not_sent_round(
    client, applicant
):
    authenticator(applicant)
    sign_in(client, applicant)
    assert client.get(reverse("portal:my_cases")).status_code == 302  # the code, first

    TOTPDevice.objects.filter(user=applicant).delete()  # turned off in another browser

    assert client.get(reverse("portal:my_cases")).status_code == 200
