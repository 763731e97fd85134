"""E-mail in batches and what a fault leaves behind: each person's own e-mail, in their
language, over one mail-server connection; and within a minute of a lost message or a
dead worker, every pending e-mail has gone out, with the Message-ID of its row."""

import datetime
import time

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.utils import timezone

from notifications import delivery
from notifications.models import EmailStatus, Notification
from notifications.services import notify
from notifications.tasks import sweep
from tests.factories import UserFactory
from tests.notifications.conftest import message_id

pytestmark = pytest.mark.django_db

CONTEXT = {
    "reference": "FIN-2026-000123",
    "program": "Battery export loan",
    "center": "Shanghai Export Support Center",
}


class CountingBackend(EmailBackend):
    """The test outbox, counting the mail-server connections opened."""

    opened = 0

    def open(self):
        CountingBackend.opened += 1
        return super().open()


class SlowBackend(EmailBackend):
    """A mail server that takes a while over each message."""

    def send_messages(self, messages):
        time.sleep(0.2)
        return super().send_messages(messages)


def statuses(rows) -> set:
    return set(
        Notification.objects.filter(pk__in=[r.pk for r in rows]).values_list("email", flat=True)
    )


def test_it_sends_a_broadcast_over_one_connection_each_greeted_in_their_language(
    settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.notifications.test_batches.CountingBackend"
    CountingBackend.opened = 0
    people = [
        UserFactory(full_name="Kim <Jiwoo> & Co", language="en"),
        UserFactory(full_name="Lee Minho", language="en"),
        UserFactory(full_name="박서연", language="ko"),
    ]

    with django_capture_on_commit_callbacks(execute=True):
        rows = notify(people, "case_submitted", CONTEXT, "/cases/")

    assert CountingBackend.opened == 1
    assert statuses(rows) == {EmailStatus.SENT}
    by_address = {message.to[0]: message for message in mail.outbox}
    assert len(by_address) == 3
    for person, row in zip(people, rows, strict=True):
        message = by_address[person.email]
        assert message.extra_headers["Message-ID"] == message_id(row)
        assert "FIN-2026-000123" in message.subject
        assert person.full_name in message.body
    first_html = by_address[people[0].email].alternatives[0][0]
    assert "Kim &lt;Jiwoo&gt; &amp; Co" in first_html
    assert "Hello Lee Minho" in by_address[people[1].email].body
    assert "Hello" not in by_address[people[2].email].body  # Korean for the Korean reader


def test_a_run_near_the_end_of_its_claim_stops_and_the_rest_go_out_once(
    settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.notifications.test_batches.SlowBackend"
    # The claim leaves 0.3 s to send: two messages fit, the third goes back to pending and
    # is enqueued again (here run at once), never sent twice.
    monkeypatch.setattr(
        delivery, "CLAIM_MARGIN", delivery.CLAIM_TIMEOUT - datetime.timedelta(seconds=0.3)
    )
    people = UserFactory.create_batch(3, language="en")

    with django_capture_on_commit_callbacks(execute=True):
        rows = notify(people, "case_submitted", CONTEXT)

    assert statuses(rows) == {EmailStatus.SENT}
    assert sorted(m.extra_headers["Message-ID"] for m in mail.outbox) == sorted(
        message_id(row) for row in rows
    )


@pytest.mark.parametrize("fault", ["the message was lost", "the worker died while sending"])
def test_within_a_minute_of_a_fault_the_sweep_has_sent_the_email(fault):
    [person] = UserFactory.create_batch(1, language="en")
    with time_machine.travel(timezone.now(), tick=False) as clock:
        fault_at = timezone.now()
        # The delivery task never runs (the on-commit publish is not run here): lost with
        # the broker's queue, or its run claimed the row and died before it sent anything.
        [row] = notify([person], "case_submitted", CONTEXT)
        if fault == "the worker died while sending":
            delivery.claim([row.pk])
        # Beat runs the sweep every SWEEP_EVERY seconds from whenever it started.
        sent_after = None
        for _ in range(int(60 // django_settings.SWEEP_EVERY)):
            clock.shift(datetime.timedelta(seconds=django_settings.SWEEP_EVERY))
            sweep.apply()
            if mail.outbox:
                sent_after = (timezone.now() - fault_at).total_seconds()
                break

    assert sent_after is not None and sent_after <= 60
    assert statuses([row]) == {EmailStatus.SENT}
    [message] = mail.outbox
    assert message.extra_headers["Message-ID"] == message_id(row)
