import datetime
import io
import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import timezone

from config import heartbeat
from config.celery import app as celery_app
from notifications.models import WorkerHeartbeat

BASE_DIR = Path(settings.BASE_DIR)


def closed_port() -> int:
    """A loopback port nobody listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def healthz_in_a_fresh_process(**env) -> tuple[int, dict]:
    """GET /healthz in a new Django process configured only by `env`."""
    script = (
        "import django, json; django.setup();"
        "from django.test import Client;"
        "r = Client(HTTP_HOST='localhost').get('/healthz');"
        "print(json.dumps([r.status_code, r.json()]))"
    )
    clean = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CELERY_BROKER_URL")}
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=BASE_DIR,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    status, body = json.loads(result.stdout.strip().splitlines()[-1])
    return status, body


def test_it_is_healthy_when_the_database_answers(client, db):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["database"] == "ok"
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.parametrize(
    "database_url",
    [
        pytest.param(f"postgres://postgres@127.0.0.1:{closed_port()}/desk", id="postgresql-down"),
        pytest.param("sqlite:////nonexistent-folder/db.sqlite3", id="sqlite-unopenable"),
    ],
)
def test_it_reports_503_when_the_database_is_unreachable(database_url, tmp_path):
    status, body = healthz_in_a_fresh_process(DATABASE_URL=database_url, VAR_DIR=str(tmp_path))

    assert status == 503
    assert body["status"] == "unavailable"
    assert body["database"] == "unavailable"
    assert body["broker"] == "ok"  # the filesystem broker under tmp_path is fine


def test_it_reports_503_when_the_broker_is_unreachable(tmp_path):
    status, body = healthz_in_a_fresh_process(
        CELERY_BROKER_URL=f"redis://127.0.0.1:{closed_port()}/0", VAR_DIR=str(tmp_path)
    )

    assert status == 503
    assert body == {
        "status": "unavailable",
        "database": "ok",
        "broker": "unavailable",
        "workers": {},  # an unmigrated database: no heartbeat to report
    }


@pytest.mark.needs_redis
def test_it_reports_the_real_broker_healthy(client, db):
    celery_app.conf.task_always_eager = False

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["broker"] == "ok"


def test_it_names_a_worker_silent_for_two_minutes_and_stays_healthy(client, db):
    now = timezone.now()
    WorkerHeartbeat.objects.create(worker="celery@mail-1", beat_at=now, started_at=now)
    silent_since = now - datetime.timedelta(minutes=2, seconds=1)
    WorkerHeartbeat.objects.create(
        worker="celery@mail-2", beat_at=silent_since, started_at=silent_since
    )

    response = client.get("/healthz")

    assert response.status_code == 200  # the web server itself is fine: keep routing to it
    assert response.json()["status"] == "ok"
    assert response.json()["workers"] == {
        "celery@mail-1": "ok",
        "celery@mail-2": f"silent since {silent_since.isoformat()}",
    }


def test_a_heartbeat_names_the_worker_and_a_clean_stop_forgets_it(client, db):
    heartbeat.beat("celery@mail-3")
    assert client.get("/healthz").json()["workers"] == {"celery@mail-3": "ok"}

    heartbeat.forget("celery@mail-3")
    assert client.get("/healthz").json()["workers"] == {}


def test_forget_worker_stops_healthz_naming_a_worker_gone_for_good(client, db):
    long_ago = timezone.now() - datetime.timedelta(days=3)
    WorkerHeartbeat.objects.create(worker="celery@retired", beat_at=long_ago, started_at=long_ago)

    call_command("forget_worker", "celery@retired", stdout=io.StringIO())

    assert client.get("/healthz").json()["workers"] == {}
    with pytest.raises(CommandError, match="No worker named 'celery@retired'"):
        call_command("forget_worker", "celery@retired")
