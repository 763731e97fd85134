"""Notification e-mail on the real stack: PostgreSQL, Redis, live Celery workers and a real
SMTP server. Each test counts the messages the server accepted for one notification (by
its Message-ID): exactly one, whatever happened on the way.

Tests 1 and 4 use the session's threaded worker on the configured broker. The others start
`celery -A config worker` processes on a private redis-server (see conftest.py), so that they
can kill a worker mid-send or stop Redis without touching anything shared.
"""

import datetime
import logging
import os
import signal
import time

import pytest
from celery.contrib.testing.tasks import ping
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cases.models import CaseState
from notifications import tasks
from notifications.models import EmailStatus, Notification
from notifications.services import notify
from notifications.tasks import deliver, sweep
from tests.factories import (
    PDF_BYTES,
    CaseFactory,
    DocumentTypeFactory,
    ProgramFactory,
    UserFactory,
)
from tests.notifications.conftest import message_id, wait_for

pytestmark = [
    pytest.mark.needs_postgres,
    pytest.mark.needs_redis,
    pytest.mark.needs_worker,
    pytest.mark.django_db(transaction=True),
]

CONTEXT = {
    "reference": "FIN-2026-000123",
    "program": "Battery export loan",
    "center": "Shanghai Export Support Center",
}


def an_event(user) -> Notification:
    """A committed event that tells `user` by e-mail; its delivery is enqueued on commit."""
    with transaction.atomic():
        [notification] = notify([user], "case_submitted", CONTEXT, "/cases/")
    assert notification.email == EmailStatus.PENDING
    return notification


def email_status(notification) -> str:
    return Notification.objects.values_list("email", flat=True).get(pk=notification.pk)


def sent(notification):
    return lambda: email_status(notification) == EmailStatus.SENT


def old_enough_for_the_sweep(notification) -> None:
    """As if the sweep's grace period had passed since the event."""
    created = timezone.now() - tasks.SWEEP_AFTER - datetime.timedelta(seconds=1)
    Notification.objects.filter(pk=notification.pk).update(created_at=created)


def claim_ran_out(notification) -> None:
    """As if the claim of the run that was sending it had run out."""
    claimed = timezone.now() - tasks.CLAIM_TIMEOUT - datetime.timedelta(seconds=1)
    Notification.objects.filter(pk=notification.pk).update(email_claimed_at=claimed)


def test_an_events_email_is_delivered_once_by_the_live_worker(live_worker, inbox):
    user = UserFactory(email="owner@hanbit.example.com", language="en")

    notification = an_event(user)

    assert wait_for(sent(notification), timeout=30), "the live worker sent no e-mail"
    ping.delay().get(timeout=15)  # the worker took everything queued before this
    assert inbox.count(message_id(notification)) == 1
    [message] = inbox.accepted
    assert message["To"] == "owner@hanbit.example.com"
    assert "FIN-2026-000123" in message["Subject"]


def test_the_same_delivery_enqueued_twice_sends_one_email(live_worker, inbox):
    user = UserFactory(language="en")
    notification = Notification.objects.create(
        recipient=user,
        kind="case_submitted",
        subject="Application FIN-2026-000123 received",
        body="We received your application.",
        email=EmailStatus.PENDING,
    )

    # A redelivered message and the sweep's copy, say. Results are kept for these two only
    # (deliver keeps none) so the test can tell which run sent.
    runs = [deliver.apply_async(args=[[notification.pk]], ignore_result=False) for _ in "12"]

    assert sorted(run.get(timeout=30) for run in runs) == [0, 1]
    assert email_status(notification) == EmailStatus.SENT
    assert inbox.count(message_id(notification)) == 1
    assert len(inbox) == 1


@pytest.mark.parametrize("killed", ["pool process", "whole worker"])
def test_a_worker_killed_mid_send_leads_to_exactly_one_email(
    killed, app_on_private_redis, start_worker, inbox
):
    redis = app_on_private_redis
    # The mail server takes the first message's DATA and never answers it: the worker is
    # killed in the middle of the SMTP transaction, the row claimed (sending), the message
    # unacknowledged. That attempt delivers nothing (451 once the test lets go).
    inbox.hold_first()
    worker = start_worker(redis.url, pool="prefork")
    notification = an_event(UserFactory(language="en"))
    assert wait_for(inbox.holding.is_set, timeout=30), worker.log_tail()
    assert email_status(notification) == EmailStatus.SENDING

    if killed == "pool process":
        # SIGKILL to the pool process running the task. The worker's main process sees it
        # lost (WorkerLostError) and, with acks_late + reject_on_worker_lost, rejects the
        # message with requeue: the new pool process runs it again at once and leaves the
        # row alone, its claim still holding.
        [child] = worker.children()
        os.kill(child, signal.SIGKILL)
        inbox.release()
        assert wait_for(lambda: "succeeded" in worker.log.read_text(), timeout=30)
        assert email_status(notification) == EmailStatus.SENDING
    else:
        # SIGKILL to the main process and its pool together (the machine lost the worker):
        # nobody rejects the message. Redis keeps it unacknowledged until the visibility
        # timeout (an hour), so a new worker does not get it back.
        worker.kill_group()
        inbox.release()
        assert redis.client().hlen("unacked") == 1
        worker = start_worker(redis.url, pool="prefork")

    # The sweep leaves a claim that still holds alone, and hands the row to the new run
    # once it has run out.
    assert sweep() == 0
    claim_ran_out(notification)
    assert sweep() == 1
    assert wait_for(sent(notification), timeout=30), worker.log_tail()
    assert wait_for(lambda: redis.client().llen("celery") == 0, timeout=10)
    assert inbox.count(message_id(notification)) == 1
    assert len(inbox) == 1
    if killed == "pool process":
        assert "signal 9 (SIGKILL)" in worker.log.read_text()


def publish_paused(caplog) -> bool:
    """No second warning: the breaker skipped publishing."""
    return len([r for r in caplog.records if r.name == "accounts.broker"]) == 1


def test_with_redis_down_at_commit_the_request_works_and_the_sweep_delivers_once(
    app_on_private_redis, start_worker, inbox, client, applicant, caplog, record_property, settings
):
    redis = app_on_private_redis
    business_plan = DocumentTypeFactory(code="business-plan")
    program = ProgramFactory(
        min_amount=10_000_000, max_amount=100_000_000, required_documents=[business_plan]
    )
    draft = CaseFactory(
        company=applicant.company_memberships.get().company, program=program, created_by=applicant
    )
    client.force_login(applicant)
    submission = {
        "intent": "submit",
        "amount_requested": "50000000",
        "purpose": "Open a distribution channel in Shanghai for our cells.",
        "target_province": "CN-SH",
        "target_city": "Shanghai",
        "planned_exports_to_china": "1250000.50",
        f"document_{business_plan.pk}": SimpleUploadedFile(
            "plan.pdf", PDF_BYTES, content_type="application/pdf"
        ),
    }

    settings.BROKER_OUTAGE_PAUSE = 1.0
    redis.stop()
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="accounts.broker"):
        response = client.post(reverse("portal:edit", args=[draft.pk]), submission)
    elapsed = time.monotonic() - started
    record_property("submit_seconds_with_redis_down", round(elapsed, 3))

    # The applicant's page as always; the e-mail waits, pending, for the broker.
    assert response.status_code == 302
    assert response.url == reverse("portal:detail", args=[draft.pk])
    draft.refresh_from_db()
    assert draft.state == CaseState.SUBMITTED
    [notification] = Notification.objects.filter(recipient=applicant, kind="case_submitted")
    assert notification.email == EmailStatus.PENDING
    # Publishing gave up at once instead of waiting out kombu's connection retries (two
    # seconds): loose on purpose, a noisy machine is far from the 50 ms it costs.
    assert elapsed < 1.0, elapsed
    # One warning for the outage, without a traceback; the next request does not even try.
    [warning] = [r for r in caplog.records if r.name == "accounts.broker"]
    assert "the sweep will retry" in warning.getMessage()
    assert warning.exc_info is None
    assert notify([applicant], "case_submitted", CONTEXT) and publish_paused(caplog)
    # The load balancer still learns that the broker is down.
    health = client.get("/healthz")
    assert health.status_code == 503
    assert health.json()["broker"] == "unavailable"

    # Redis comes back empty: the task was never queued, nothing will deliver it but the
    # sweep (beat runs it every 15 s; here it runs once the row is old enough).
    redis.start()
    assert redis.client().llen("celery") == 0
    worker = start_worker(redis.url, pool="solo")
    old_enough_for_the_sweep(notification)
    time.sleep(settings.BROKER_OUTAGE_PAUSE)  # the breaker lets one publish try again
    assert sweep() == 1
    assert "publishing resumed" in caplog.text

    assert wait_for(sent(notification), timeout=30), worker.log_tail()
    assert wait_for(lambda: redis.client().llen("celery") == 0, timeout=10)
    assert inbox.count(message_id(notification)) == 1
    assert len(inbox) == 1
