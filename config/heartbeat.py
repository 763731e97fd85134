"""The worker's heartbeat: each Celery worker's main process writes its node name and the
time to the database every WORKER_HEARTBEAT_EVERY seconds (30; a row of
notifications.WorkerHeartbeat), and removes the row when it shuts down cleanly. /healthz
names a worker whose last heartbeat is older than SILENT_AFTER; a supervisor (systemd)
restarts a worker that dies, and the operator looks for a name that stays silent.

The database, not the broker, because /healthz must answer on every web server whatever
broker the installation uses (the filesystem transport of a laptop included).
"""

import datetime
import logging

from celery import bootsteps

logger = logging.getLogger(__name__)

SILENT_AFTER = datetime.timedelta(minutes=2)


def _close(connection) -> None:
    # The main process of a prefork worker forks pool processes: none may inherit an open
    # database connection (they would share its socket). Inside a transaction (a caller's,
    # a test's) the connection is not ours to close.
    if not connection.in_atomic_block:
        connection.close()


def beat(worker: str, *, started_at=None) -> None:
    """Record that `worker` is alive now. Never raises into the worker."""
    from django.db import connection
    from django.utils import timezone

    from notifications.models import WorkerHeartbeat

    now = timezone.now()
    try:
        WorkerHeartbeat.objects.update_or_create(
            worker=worker,
            defaults={"beat_at": now},
            create_defaults={"beat_at": now, "started_at": started_at or now},
        )
    except Exception as exc:  # the database is down: the heartbeat's absence says so
        logger.warning("Worker heartbeat not written: %s", exc)
    finally:
        _close(connection)


def forget(worker: str) -> None:
    """A worker that shuts down cleanly is no longer expected to beat."""
    from django.db import connection

    from notifications.models import WorkerHeartbeat

    try:
        WorkerHeartbeat.objects.filter(worker=worker).delete()
    except Exception as exc:
        logger.warning("Worker heartbeat not removed: %s", exc)
    finally:
        _close(connection)


def states(now=None) -> dict[str, str]:
    """Each known worker: "ok", or "silent since <time>" when its last heartbeat is older
    than SILENT_AFTER."""
    from django.utils import timezone

    from notifications.models import WorkerHeartbeat

    now = now or timezone.now()
    return {
        worker: "ok" if beat_at >= now - SILENT_AFTER else f"silent since {beat_at.isoformat()}"
        for worker, beat_at in WorkerHeartbeat.objects.order_by("worker").values_list(
            "worker", "beat_at"
        )
    }


class Heartbeat(bootsteps.StartStopStep):
    """A worker bootstep: beats at start, then every WORKER_HEARTBEAT_EVERY seconds on the
    worker's own timer (in its main process), and forgets the worker at a clean stop."""

    requires = {"celery.worker.components:Timer"}

    def __init__(self, worker, **kwargs):
        super().__init__(worker, **kwargs)
        self.timer_ref = None
        self.started_at = None

    def start(self, worker):
        from django.conf import settings
        from django.utils import timezone

        self.started_at = timezone.now()
        beat(worker.hostname, started_at=self.started_at)
        self.timer_ref = worker.timer.call_repeatedly(
            settings.WORKER_HEARTBEAT_EVERY,
            beat,
            (worker.hostname,),
            {"started_at": self.started_at},
        )

    def stop(self, worker):
        if self.timer_ref is not None:
            self.timer_ref.cancel()
            self.timer_ref = None
        forget(worker.hostname)

    shutdown = stop
