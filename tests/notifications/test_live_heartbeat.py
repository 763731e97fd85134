"""A real worker's heartbeat: `celery worker` (its own process, on a private redis-server)
names itself in /healthz, beats again and again, and is named silent once it has died;
a clean stop forgets it."""

import datetime

import pytest

from notifications.models import WorkerHeartbeat
from tests.notifications.conftest import wait_for

pytestmark = [
    pytest.mark.needs_postgres,
    pytest.mark.needs_redis,
    pytest.mark.needs_worker,
    pytest.mark.django_db(transaction=True),
]


def beats():
    return dict(WorkerHeartbeat.objects.values_list("worker", "beat_at"))


def test_a_live_workers_heartbeat_shows_in_healthz_until_it_dies(
    app_on_private_redis, start_worker, client, monkeypatch
):
    monkeypatch.setenv("WORKER_HEARTBEAT_EVERY", "0.5")
    dying = start_worker(app_on_private_redis.url, pool="prefork")
    stopping = start_worker(app_on_private_redis.url, pool="solo")
    assert wait_for(lambda: len(beats()) == 2, timeout=60), dying.log_tail()
    first = beats()
    assert wait_for(lambda: all(beats()[name] > first[name] for name in first), timeout=60)
    assert set(client.get("/healthz").json()["workers"].values()) == {"ok"}

    dying.kill_group()  # no clean stop: its row stays, and stops moving
    [dying_name] = [name for name in first if name.startswith(f"{dying.node}@")]
    stopping.stop()  # a clean stop forgets the worker
    # Wide bounds: a loaded machine takes its time to stop a worker.
    assert wait_for(lambda: list(beats()) == [dying_name], timeout=90), stopping.log_tail()
    two_minutes_ago = beats()[dying_name] - datetime.timedelta(minutes=2, seconds=1)
    WorkerHeartbeat.objects.update(beat_at=two_minutes_ago)  # as if two minutes passed

    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["workers"] == {dying_name: f"silent since {two_minutes_ago.isoformat()}"}
