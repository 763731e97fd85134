import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from accounts.decorators import verified_email_required
from accounts.models import User
from accounts.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

MONDAY_MORNING = datetime(2026, 5, 4, 9, 0, tzinfo=ZoneInfo("Asia/Seoul"))


@pytest.fixture
def client(client):
    """A visitor who reads the desk in English, so the assertions do not depend on the .po."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def signed_up(client, django_capture_on_commit_callbacks):
    """Sign up through the page; returns the new user."""

    def sign_up(**fields):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("accounts:signup"), {**SIGN_UP, **fields})
        assert response.status_code == 302, response.context["form"].errors
        return User.objects.get(email=(fields.get("email") or SIGN_UP["email"]).lower())

    return sign_up


SIGN_UP = {
    "full_name": "김민수",
    "email": "minsu.kim@exporter.example.com",
    "password1": "lantern-harbour-cobalt",
    "password2": "lantern-harbour-cobalt",
    "language": "en",
}


def link_in(message) -> str:
    return next(line for line in message.body.splitlines() if "/accounts/verify/" in line)


def path_of(link: str) -> str:
    return link.removeprefix("http://testserver")


def test_it_signs_up_a_company_member_mails_one_link_and_signs_them_in_with_it(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:signup"), {**SIGN_UP, "email": "Minsu@Example.com"}
        )

    assert response.status_code == 302
    assert response.url == reverse("accounts:verification_sent")
    user = User.objects.get(email="minsu@example.com")
    assert user.full_name == "김민수"
    assert user.language == "en"
    assert user.roles == {Role.COMPANY_MEMBER.value}
    assert user.check_password(SIGN_UP["password1"])
    assert not user.has_confirmed_email
    # Not signed in yet: being signed in would tell a new address from a known one.
    assert "_auth_user_id" not in client.session
    [message] = mail.outbox
    assert message.to == ["minsu@example.com"]
    assert message.subject == "Confirm your e-mail address for the China Export Support Desk"
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert link_in(message) in html
    page = client.get(response.url).content.decode()
    assert "We have sent a link to <strong>minsu@example.com</strong>" in page

    # The link, opened in the browser that signed up, confirms the address and signs in.
    client.get(path_of(link_in(message)))
    assert client.session["_auth_user_id"] == str(user.pk)


def test_it_offers_the_pages_language_by_default(client):
    response = client.get(reverse("accounts:signup"))

    assert response.status_code == 200
    assert response.context["form"]["language"].value() == "en"


def test_it_confirms_the_address_with_the_link_from_the_mail_even_on_another_device(signed_up):
    user = signed_up()
    phone = Client()

    response = phone.get(path_of(link_in(mail.outbox[0])), follow=True, HTTP_ACCEPT_LANGUAGE="en")

    assert response.redirect_chain == [(reverse("home"), 302)]
    assert "Your e-mail address is confirmed" in response.content.decode()
    user.refresh_from_db()
    assert user.has_confirmed_email


def test_it_confirms_once_and_a_second_click_changes_nothing(client, signed_up):
    user = signed_up()
    path = path_of(link_in(mail.outbox[0]))
    client.get(path)
    user.refresh_from_db()
    confirmed_at = user.email_verified_at

    with time_machine.travel(confirmed_at + timedelta(hours=1)):
        response = client.get(path)

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.email_verified_at == confirmed_at


def test_it_says_an_expired_link_has_expired_and_offers_a_new_one(client, signed_up):
    with time_machine.travel(MONDAY_MORNING, tick=False):
        user = signed_up()
    path = path_of(link_in(mail.outbox[0]))

    with time_machine.travel(MONDAY_MORNING + timedelta(days=3, minutes=1)):
        client.force_login(user)
        response = client.get(path)

    assert response.status_code == 200
    page = response.content.decode()
    assert "This link has expired" in page
    assert reverse("accounts:resend_verification") in page
    user.refresh_from_db()
    assert not user.has_confirmed_email


@pytest.mark.parametrize("tamper", [lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"), str.upper])
def test_it_does_not_confirm_with_a_tampered_link(client, signed_up, tamper):
    user = signed_up()
    token = link_in(mail.outbox[0]).rstrip("/").rsplit("/", 1)[1]

    response = client.get(reverse("accounts:verify_email", kwargs={"token": tamper(token)}))

    assert response.status_code == 200
    assert "This link does not work" in response.content.decode()
    user.refresh_from_db()
    assert not user.has_confirmed_email


def test_it_does_not_confirm_an_address_the_user_no_longer_has(client, signed_up):
    user = signed_up()
    old_link = link_in(mail.outbox[0])
    User.objects.filter(pk=user.pk).update(email="new.address@example.com")

    response = client.get(path_of(old_link))

    assert response.status_code == 200
    assert "This link does not work" in response.content.decode()
    user.refresh_from_db()
    assert not user.has_confirmed_email


def sign_up_page(client, email, capture) -> tuple:
    """What a visitor sees after signing up with `email`: where the form sends them, and the
    page there (without the address, which the page repeats as typed)."""
    with capture(execute=True):
        response = client.post(reverse("accounts:signup"), {**SIGN_UP, "email": email})
    page = client.get(response.url).content.decode().replace(email.lower(), "ADDRESS")
    # The CSRF token differs with each page.
    page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)
    return response.status_code, response.url, page, "_auth_user_id" in client.session


def test_it_answers_a_known_address_as_a_new_one_and_tells_the_owner_by_email(
    django_capture_on_commit_callbacks,
):
    owner = UserFactory(email="taken@example.com", full_name="Owner", language="en")

    known = sign_up_page(Client(), "Taken@Example.com", django_capture_on_commit_callbacks)
    new = sign_up_page(Client(), "fresh@example.com", django_capture_on_commit_callbacks)

    assert known == new
    assert known[:2] == (302, reverse("accounts:verification_sent"))
    assert not User.objects.filter(email="taken@example.com").exclude(pk=owner.pk).exists()
    owner.refresh_from_db()
    assert not owner.check_password(SIGN_UP["password1"])
    told, confirm = mail.outbox
    assert told.to == ["taken@example.com"]
    assert told.subject == "Someone tried to sign up with your e-mail address"
    assert "You already have an account, so none was created." in told.body
    assert "http://testserver/accounts/login/" in told.body
    assert "http://testserver/accounts/password/reset/" in told.body
    assert confirm.to == ["fresh@example.com"]


def test_it_tells_the_owner_of_a_known_address_at_most_three_times_an_hour(
    client, django_capture_on_commit_callbacks
):
    UserFactory(email="taken@example.com")

    with time_machine.travel(MONDAY_MORNING, tick=False):
        for _ in range(10):
            with django_capture_on_commit_callbacks(execute=True):
                response = client.post(
                    reverse("accounts:signup"), {**SIGN_UP, "email": "taken@example.com"}
                )
            assert response.status_code == 302
    assert len(mail.outbox) == 3

    with (
        time_machine.travel(MONDAY_MORNING + timedelta(hours=1, seconds=1), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        client.post(reverse("accounts:signup"), {**SIGN_UP, "email": "taken@example.com"})
    assert len(mail.outbox) == 4


def test_it_refuses_a_password_that_django_finds_weak(client):
    response = client.post(
        reverse("accounts:signup"), {**SIGN_UP, "password1": "12345678", "password2": "12345678"}
    )

    assert response.status_code == 200
    assert "password2" in response.context["form"].errors
    assert not User.objects.exists()


def test_it_refuses_a_new_link_within_a_minute_and_sends_one_after(
    client, signed_up, django_capture_on_commit_callbacks
):
    with time_machine.travel(MONDAY_MORNING, tick=False):
        user = signed_up()
        client.force_login(user)
    resend = reverse("accounts:resend_verification")

    with (
        time_machine.travel(MONDAY_MORNING + timedelta(seconds=59), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        refused = client.post(resend, follow=True)
    assert len(mail.outbox) == 1
    assert "We sent you a link less than a minute ago" in refused.content.decode()

    with (
        time_machine.travel(MONDAY_MORNING + timedelta(seconds=61), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        sent = client.post(resend, follow=True)
    assert len(mail.outbox) == 2
    assert "We have sent a new link to minsu.kim@exporter.example.com" in sent.content.decode()

    with time_machine.travel(MONDAY_MORNING + timedelta(minutes=5)):
        client.get(path_of(link_in(mail.outbox[1])))
    user.refresh_from_db()
    assert user.has_confirmed_email


def test_it_sends_three_links_an_hour_at_most(
    client, signed_up, django_capture_on_commit_callbacks
):
    with time_machine.travel(MONDAY_MORNING, tick=False):
        user = signed_up()
        client.force_login(user)
    resend = reverse("accounts:resend_verification")

    for minutes in (2, 4, 6, 8):
        with (
            time_machine.travel(MONDAY_MORNING + timedelta(minutes=minutes), tick=False),
            django_capture_on_commit_callbacks(execute=True),
        ):
            page = client.post(resend, follow=True).content.decode()
    assert len(mail.outbox) == 3  # the sign-up's and two new ones
    assert "We have sent you several links in the last hour" in page

    with (
        time_machine.travel(MONDAY_MORNING + timedelta(minutes=61), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        page = client.post(resend, follow=True).content.decode()
    assert len(mail.outbox) == 4
    assert "We have sent a new link to" in page


def test_it_enqueues_the_verification_mail_only_after_commit(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(reverse("accounts:signup"), SIGN_UP)

    assert response.status_code == 302
    assert mail.outbox == []
    assert len(callbacks) == 1
    callbacks[0]()
    assert len(mail.outbox) == 1


def test_it_shows_a_banner_with_a_resend_button_until_the_address_is_confirmed(client):
    user = UserFactory(role=Role.COMPANY_MEMBER, unverified=True)
    client.force_login(user)

    assert "Confirm your e-mail address to apply for support" in client.get("/").content.decode()

    User.objects.filter(pk=user.pk).update(email_verified_at=MONDAY_MORNING)
    assert (
        "Confirm your e-mail address to apply for support" not in client.get("/").content.decode()
    )


def test_it_invites_visitors_to_sign_up(client):
    home = client.get("/").content.decode()
    login = client.get(reverse("accounts:login")).content.decode()

    assert reverse("accounts:signup") in home
    assert reverse("accounts:signup") in login


@verified_email_required
def apply_for_support(request):
    return HttpResponse("applied")


def test_it_sends_an_unverified_user_to_a_page_that_offers_a_new_link(client, rf):
    user = UserFactory(role=Role.COMPANY_MEMBER, unverified=True)
    request = rf.get("/apply/")
    request.user = user

    response = apply_for_support(request)

    assert response.status_code == 302
    assert response.url == reverse("accounts:verification_required")
    client.force_login(user)
    page = client.get(response.url).content.decode()
    assert "Confirm your e-mail address first" in page
    assert reverse("accounts:resend_verification") in page


def test_it_lets_a_verified_user_through_and_sends_a_visitor_to_log_in(rf):
    from django.contrib.auth.models import AnonymousUser

    request = rf.get("/apply/")
    request.user = UserFactory(email_verified_at=MONDAY_MORNING)
    assert apply_for_support(request).content == b"applied"

    request.user = AnonymousUser()
    response = apply_for_support(request)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
