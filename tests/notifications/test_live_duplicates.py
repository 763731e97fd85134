"""A worker killed while its batch is in SMTP: the e-mails the mail server had accepted are
sent again, and every copy carries the Message-ID of the first, so mail systems can drop
it. Delivery is at least once, and a resend is the same message.

Each test runs its own worker on a private redis-server (tests/notifications/conftest.py)
and a real SMTP server in this process that takes a while over each message.
"""

import collections
import datetime
import os
import signal

import pytest
from django.db import transaction
from django.utils import timezone

from notifications import delivery
from notifications.models import EmailStatus, Notification
from notifications.services import notify
from notifications.tasks import sweep
from tests.factories import UserFactory
from tests.notifications.conftest import message_id, wait_for

pytestmark = [
    pytest.mark.needs_postgres,
    pytest.mark.needs_redis,
    pytest.mark.needs_worker,
    pytest.mark.django_db(transaction=True),
]

PEOPLE = 20
CONTEXT = {
    "reference": "FIN-2026-000123",
    "program": "Battery export loan",
    "center": "Shanghai Export Support Center",
}


@pytest.mark.parametrize("killed", ["pool process", "whole worker"])
def test_a_worker_killed_while_sending_resends_with_the_first_copys_message_id(
    killed, app_on_private_redis, start_worker, inbox
):
    redis = app_on_private_redis
    inbox.delay = 0.1  # the batch of 20 takes about two seconds at the mail server
    worker = start_worker(redis.url, pool="prefork")
    people = UserFactory.create_batch(PEOPLE, language="en")
    with transaction.atomic():
        rows = notify(people, "case_submitted", CONTEXT, "/cases/")

    # Killed once the mail server has accepted a few: those rows are still "sending"
    # (a batch is marked when it is done), so they will be sent again.
    assert wait_for(lambda: len(inbox) >= 5, timeout=30), worker.log_tail()
    if killed == "pool process":
        [child] = worker.children()
        os.kill(child, signal.SIGKILL)
        # The message comes back at once; its new run leaves the claimed rows alone.
        assert wait_for(lambda: "succeeded" in worker.log.read_text(), timeout=30)
    else:
        worker.kill_group()
        worker = start_worker(redis.url, pool="prefork")
    first_copies = len(inbox)
    assert first_copies < PEOPLE
    pending = Notification.objects.filter(pk__in=[row.pk for row in rows])
    assert not pending.filter(email=EmailStatus.SENT).exists()

    # The dead run's claim runs out (30 s; here at once) and the next sweep hands the rows
    # to the worker that is alive.
    pending.update(
        email_claimed_at=timezone.now() - delivery.CLAIM_TIMEOUT - datetime.timedelta(seconds=1)
    )
    assert sweep() == PEOPLE

    assert wait_for(lambda: pending.filter(email=EmailStatus.SENT).count() == PEOPLE, timeout=60), (
        worker.log_tail()
    )
    copies = collections.defaultdict(list)
    for message in inbox.accepted:
        copies[message["To"]].append(message["Message-ID"])
    assert sorted(copies) == sorted(person.email for person in people)
    for row in rows:
        ids = copies[row.recipient.email]
        assert set(ids) == {message_id(row)}, ids  # every resend is the first copy's
    duplicates = sum(len(ids) - 1 for ids in copies.values())
    assert duplicates >= 5
    assert len(inbox) == PEOPLE + duplicates
