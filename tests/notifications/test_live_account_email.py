"""Account e-mail on the real stack: PostgreSQL, a private Redis stopped at commit, a live
Celery worker and a real SMTP server. The sign-up's confirmation link arrives exactly once."""

import datetime
import logging
import time

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.mail import SWEEP_AFTER
from accounts.models import OutgoingEmail, User
from accounts.tasks import sweep_email
from tests.notifications.conftest import wait_for

pytestmark = [
    pytest.mark.needs_postgres,
    pytest.mark.needs_redis,
    pytest.mark.needs_worker,
    pytest.mark.django_db(transaction=True),
]


def test_with_redis_down_at_sign_up_the_sweep_sends_the_confirmation_link_once(
    app_on_private_redis, start_worker, inbox, client, caplog, settings
):
    redis = app_on_private_redis
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    settings.BROKER_OUTAGE_PAUSE = 1.0

    redis.stop()
    with caplog.at_level(logging.WARNING, logger="accounts.outbox"):
        response = client.post(
            reverse("accounts:signup"),
            {
                "full_name": "김민수",
                "email": "minsu.kim@exporter.example.com",
                "password1": "lantern-harbour-cobalt",
                "password2": "lantern-harbour-cobalt",
                "language": "en",
            },
        )

    # The account is there and signed in; its e-mail waits, pending, for the broker.
    assert response.status_code == 302
    assert response.url == reverse("accounts:verification_sent")
    user = User.objects.get(email="minsu.kim@exporter.example.com")
    email = OutgoingEmail.objects.get(to=user.email)
    assert email.status == OutgoingEmail.Status.PENDING
    assert "the sweep will retry" in caplog.text

    # Redis comes back empty: only the sweep (beat runs it every 15 s) can send it now.
    redis.start()
    assert redis.client().llen("celery") == 0
    worker = start_worker(redis.url, pool="solo")
    OutgoingEmail.objects.filter(pk=email.pk).update(
        created_at=timezone.now() - SWEEP_AFTER - datetime.timedelta(seconds=1)
    )
    time.sleep(settings.BROKER_OUTAGE_PAUSE)  # the breaker lets one publish try again
    assert sweep_email() == 1

    def sent():
        email.refresh_from_db()
        return email.status == OutgoingEmail.Status.SENT

    assert wait_for(sent, timeout=30), worker.log_tail()
    assert wait_for(lambda: redis.client().llen("celery") == 0, timeout=10)
    assert inbox.count(email.message_id) == 1
    assert len(inbox) == 1
    [message] = inbox.accepted
    assert message["To"] == user.email
    assert "/accounts/verify/" in message.get_body(("plain",)).get_content()
