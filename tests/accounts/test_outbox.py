"""Account e-mails go through the outbox: a row written with the event, sent after commit,
swept when the broker lost it, sent once, and no security token kept in the database."""

import datetime
import logging
import smtplib

import pytest
from django.conf import settings
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from accounts import services
from accounts.mail import MAX_ATTEMPTS
from accounts.models import OutgoingEmail, User
from accounts.tasks import deliver_email, sweep_email
from config.celery import app as celery_app
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SIGN_UP = {
    "full_name": "김민수",
    "email": "minsu.kim@exporter.example.com",
    "password1": "lantern-harbour-cobalt",
    "password2": "lantern-harbour-cobalt",
    "language": "en",
}


@pytest.fixture
def client(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


class BrokerOutage:
    """Publishing the delivery fails, as with Redis down at commit, until `end()`."""

    def __init__(self, caplog):
        self.log = caplog
        self._patch = pytest.MonkeyPatch()
        self._patch.setattr(deliver_email, "apply_async", self._refuse)

    @staticmethod
    def _refuse(*args, **kwargs):
        raise OperationalError("Error 111 connecting to redis")

    def end(self) -> None:
        self._patch.undo()


@pytest.fixture
def broker_down(caplog):
    caplog.set_level(logging.WARNING, logger="accounts.outbox")
    outage = BrokerOutage(caplog)
    yield outage
    outage.end()


@pytest.fixture
def retries_run_at_once():
    """As on a worker, a task's retry runs again (here at once) instead of being raised."""
    propagates = celery_app.conf.task_eager_propagates
    celery_app.conf.task_eager_propagates = False
    yield
    celery_app.conf.task_eager_propagates = propagates


def old_enough_for_the_sweep() -> None:
    OutgoingEmail.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=3))


def sign_up(client):
    response = client.post(reverse("accounts:signup"), SIGN_UP)
    assert response.status_code == 302
    return User.objects.get(email=SIGN_UP["email"])


def resend(client):
    user = UserFactory(email=SIGN_UP["email"], language="en", unverified=True)
    client.force_login(user)
    response = client.post(reverse("accounts:resend_verification"))
    assert response.url == reverse("accounts:verification_sent")
    return user


def reset(client):
    user = UserFactory(email=SIGN_UP["email"], language="en")
    response = client.post(reverse("accounts:password_reset"), {"email": SIGN_UP["email"]})
    assert response.url == reverse("accounts:password_reset_done")
    return user


def link_in(message, path: str) -> str:
    line = next(line for line in message.body.splitlines() if path in line)
    return line.strip().removeprefix("http://testserver")


@pytest.mark.parametrize(
    ("flow", "subject"),
    [
        (sign_up, "Confirm your e-mail address"),
        (resend, "Confirm your e-mail address"),
        (reset, "Choose a new password"),
    ],
    ids=["sign-up", "new confirmation link", "password reset"],
)
def test_an_account_email_survives_the_broker_being_down_at_commit(
    client, broker_down, django_capture_on_commit_callbacks, flow, subject
):
    with django_capture_on_commit_callbacks(execute=True):
        user = flow(client)

    # The page worked; the e-mail waits, pending, for the broker.
    assert mail.outbox == []
    assert "the sweep will retry" in broker_down.log.text
    [email] = OutgoingEmail.objects.all()
    assert (email.to, email.status) == (user.email, OutgoingEmail.Status.PENDING)

    assert sweep_email.apply().get() == 0  # just written: its task may still be on its way
    old_enough_for_the_sweep()
    broker_down.end()
    assert sweep_email.apply().get() == 1
    assert sweep_email.apply().get() == 0  # sent: nothing left to sweep

    [message] = mail.outbox
    assert message.to == [user.email]
    assert message.subject.startswith(subject)
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert message.extra_headers["Message-ID"] == email.message_id


def test_the_link_of_a_swept_confirmation_e_mail_confirms_the_address(
    client, broker_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        user = sign_up(client)
    broker_down.end()
    old_enough_for_the_sweep()

    sweep_email.apply()

    client.get(link_in(mail.outbox[0], "/accounts/verify/"))
    user.refresh_from_db()
    assert user.has_confirmed_email


def test_the_same_delivery_run_twice_sends_one_email(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client)
    email = OutgoingEmail.objects.get()

    assert deliver_email.apply(args=[[email.pk]]).get() == 0  # a redelivered message
    assert len(mail.outbox) == 1


def test_a_sign_up_rolled_back_mails_nobody(django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.user_sign_up(
            email="rolled.back@example.com",
            full_name="Kim",
            password="lantern-harbour-cobalt",
            language="en",
            base_url="http://testserver",
        )
        raise RuntimeError("something after the sign-up failed")

    assert not OutgoingEmail.objects.exists()
    assert mail.outbox == []


def test_the_database_keeps_ids_and_never_the_token_of_the_link(
    client, django_capture_on_commit_callbacks
):
    UserFactory(email="forgot@example.com", language="en")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password_reset"), {"email": "forgot@example.com"})
        sign_up(client)

    tokens = [
        link_in(message, "/accounts/").rstrip("/").rsplit("/", 1)[1] for message in mail.outbox
    ]
    assert len(tokens) == 2
    stored = str(list(OutgoingEmail.objects.values()))
    for token in tokens:
        assert token not in stored
    assert {tuple(sorted(e.context)) for e in OutgoingEmail.objects.all()} == {("base_url", "user")}


def test_a_link_no_longer_needed_when_due_is_not_sent(
    client, broker_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        user = sign_up(client)
    broker_down.end()
    # Confirmed meanwhile (an administrator did it, say): the late link would be noise.
    User.objects.filter(pk=user.pk).update(email_verified_at=timezone.now())
    old_enough_for_the_sweep()

    assert sweep_email.apply().get() == 1

    assert mail.outbox == []
    assert OutgoingEmail.objects.get().status == OutgoingEmail.Status.DROPPED


class DisconnectedBackend(BaseEmailBackend):
    """A mail server that hangs up on every message."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


def test_a_mail_server_that_hangs_up_ends_in_failed_with_the_error_for_the_administrator(
    client, settings, retries_run_at_once, administrator, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = f"{__name__}.DisconnectedBackend"
    UserFactory(email="forgot@example.com", language="en")

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password_reset"), {"email": "forgot@example.com"})

    email = OutgoingEmail.objects.get()
    assert email.status == OutgoingEmail.Status.FAILED
    assert email.attempts == MAX_ATTEMPTS
    assert email.error == "Connection unexpectedly closed"
    client.force_login(administrator)
    changelist = client.get(reverse("admin:accounts_outgoingemail_changelist"))
    assert '<td class="field-status">Failed</td>' in changelist.content.decode()
