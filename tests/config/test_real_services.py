"""Proof that CI runs on the real stack: PostgreSQL, Redis and a live Celery worker."""

import os
import time

import pytest
from celery.contrib.testing.tasks import ping
from django.conf import settings
from django.core import mail
from django.db import connection

from config.celery import app as celery_app
from tests.factories import UserFactory


def wait_for(condition, timeout=15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


@pytest.mark.needs_postgres
def test_it_runs_on_postgresql_when_database_url_names_it(db):
    assert os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        assert cursor.fetchone()[0]


@pytest.mark.needs_worker
def test_it_sends_a_task_through_redis_to_a_live_worker_and_gets_the_result(live_worker):
    assert settings.CELERY_BROKER_URL.startswith("redis://")
    assert celery_app.conf.task_always_eager is False

    result = ping.delay()

    assert result.get(timeout=15) == "pong"
    assert result.state == "SUCCESS"


@pytest.mark.needs_worker
def test_it_sends_the_password_reset_mail_of_the_page_from_the_live_worker(live_worker, client):
    UserFactory(email="forgot@example.com", language="ko")

    response = client.post("/accounts/password/reset/", {"email": "Forgot@Example.com"})

    assert response.status_code == 302
    assert wait_for(lambda: len(mail.outbox) == 1), "the worker sent no e-mail"
    assert mail.outbox[0].to == ["forgot@example.com"]
    assert "비밀번호" in mail.outbox[0].subject
