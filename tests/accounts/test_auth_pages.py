import datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD, UserFactory


def test_it_logs_in_with_the_email_address_in_any_case(client, applicant):
    response = client.post(
        reverse("accounts:login"), {"username": "OWNER@hanbit.example.com", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response.wsgi_request.user == applicant


def test_it_keeps_the_email_and_explains_a_wrong_password(client, applicant):
    response = client.post(
        reverse("accounts:login"),
        {"username": "owner@hanbit.example.com", "password": "wrong"},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated
    page = response.content.decode()
    assert 'value="owner@hanbit.example.com"' in page
    assert "The e-mail address or the password is not right." in page


def test_it_logs_out_on_post_only(client, applicant):
    client.force_login(applicant)

    client.get(reverse("accounts:logout"))  # goes back to a page (config/post_only.py)
    assert "_auth_user_id" in client.session
    response = client.post(reverse("accounts:logout"))

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_it_changes_the_password(client, applicant):
    client.force_login(applicant)

    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a-new-and-long-passphrase",
            "new_password2": "a-new-and-long-passphrase",
        },
    )

    assert response.status_code == 302
    assert response.url == reverse("accounts:password_change_done")
    applicant.refresh_from_db()
    assert applicant.check_password("a-new-and-long-passphrase")


@pytest.mark.django_db
def test_it_mails_a_working_reset_link_in_the_users_language(
    client, django_capture_on_commit_callbacks
):
    user = UserFactory(email="english@example.com", language="en")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:password_reset"), {"email": "english@example.com"})

    assert response.status_code == 302
    [message] = mail.outbox
    assert message.subject == "Choose a new password for the China Export Support Desk"
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    link = next(line for line in message.body.splitlines() if "/accounts/password/reset/" in line)
    assert link in html

    path = link.removeprefix("http://testserver")
    confirm = client.get(path, follow=True)
    assert confirm.context["validlink"] is True
    done = client.post(
        confirm.redirect_chain[-1][0],
        {"new_password1": "another-long-passphrase", "new_password2": "another-long-passphrase"},
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("another-long-passphrase")


@pytest.mark.django_db
def test_it_sends_nothing_for_an_unknown_address_and_says_the_same(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.com"})

    assert response.status_code == 302
    assert response.url == reverse("accounts:password_reset_done")
    assert mail.outbox == []


@pytest.mark.django_db
def test_it_enqueues_the_reset_mail_only_after_commit(client, django_capture_on_commit_callbacks):
    UserFactory(email="later@example.com")

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(reverse("accounts:password_reset"), {"email": "later@example.com"})

    assert mail.outbox == []
    assert len(callbacks) == 1


@pytest.mark.django_db
def test_twenty_reset_requests_mail_one_address_three_times_and_all_say_the_same(
    client, django_capture_on_commit_callbacks
):
    UserFactory(email="target@example.com")
    start = timezone.now()

    with time_machine.travel(start, tick=False):
        for _ in range(20):
            with django_capture_on_commit_callbacks(execute=True):
                response = client.post(
                    reverse("accounts:password_reset"), {"email": "Target@Example.com"}
                )
            assert (response.status_code, response.url) == (
                302,
                reverse("accounts:password_reset_done"),
            )
    assert len(mail.outbox) == 3

    with (
        time_machine.travel(start + datetime.timedelta(hours=1, seconds=1), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        client.post(reverse("accounts:password_reset"), {"email": "target@example.com"})
    assert len(mail.outbox) == 4


def test_the_hourly_limit_is_a_setting(client, settings, django_capture_on_commit_callbacks, db):
    settings.ACCOUNT_EMAILS_PER_HOUR = 1
    UserFactory(email="target@example.com")

    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("accounts:password_reset"), {"email": "target@example.com"})

    assert len(mail.outbox) == 1
