"""Step 3 of bench_broadcast: ONE worker of its own, prefork with concurrency 1, with the
same settings and environment, consuming the bench queue on the configured broker."""

import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

import environ
from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection

from bench.noop import bench_noop
from config.celery import app as celery_app

QUEUE = "bench-broadcast"
POLL = 0.25


@contextlib.contextmanager
def bench_queue():
    """The bench queue and a real broker while inside; the app's settings and queues as
    they were afterwards."""
    saved = celery_app.conf.task_always_eager, celery_app.conf.task_default_queue
    # Built now, with the configured default queue: built after the switch below, the
    # app's queues would keep the bench queue as the only one a worker consumes.
    had_queue = QUEUE in celery_app.amqp.queues
    # A real broker and our worker whatever the environment says; our queue for what
    # this process enqueues (the worker is told the same on its command line).
    celery_app.conf.task_always_eager = False
    celery_app.conf.task_default_queue = QUEUE
    try:
        yield
    finally:
        celery_app.conf.task_always_eager, celery_app.conf.task_default_queue = saved
        if not had_queue:
            # Publishing added the bench queue to the app's: a worker started in this
            # process later (the test suite's) would consume it too.
            celery_app.amqp.queues.pop(QUEUE, None)


def broker() -> str:
    url = celery_app.conf.broker_url
    # Never print a password the URL may hold.
    scheme, _, rest = url.partition("://")
    return f"{scheme}://{rest.rsplit('@', 1)[1]}" if "@" in rest else url


def database_url() -> str:
    """The database this process uses (a test database included), for the worker."""
    current = connection.settings_dict
    given = os.environ.get("DATABASE_URL")
    if given and environ.Env.db_url_config(given).get("NAME") == current["NAME"]:
        return given
    if connection.vendor == "sqlite":
        if "memory" in str(current["NAME"]) or not current["NAME"]:
            raise CommandError("The worker cannot share an in-memory SQLite database.")
        return f"sqlite:///{current['NAME']}"
    if connection.vendor != "postgresql":
        raise CommandError(f"Unsupported database for the worker: {connection.vendor}")
    user = quote(current["USER"] or "", safe="")
    password = f":{quote(current['PASSWORD'], safe='')}" if current["PASSWORD"] else ""
    port = f":{current['PORT']}" if current["PORT"] else ""
    return f"postgres://{user}{password}@{current['HOST'] or ''}{port}/{current['NAME']}"


def purge() -> int:
    """Messages an interrupted earlier run left in the bench queue would skew the times."""
    with celery_app.connection_for_write() as conn:
        try:
            return conn.default_channel.queue_purge(QUEUE) or 0
        except Exception:  # the queue does not exist yet
            return 0


class Worker:
    """`python -m celery -A config worker --pool=prefork --concurrency=1 --include
    bench.noop`, started by start() and ended by stop(); its output goes to a temporary log
    whose tail the errors quote."""

    def __init__(self):
        self.process = None
        self.log = None

    def start(self, stdout, email_url: str):
        purged = purge()
        if purged:
            stdout.write(f"Purged {purged:,} message(s) an earlier run left in {QUEUE}.")
        self.log = tempfile.NamedTemporaryFile(  # noqa: SIM115  closed in stop()
            prefix="bench-broadcast-worker-", suffix=".log", delete=False
        )
        env = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "EMAIL_URL": email_url,
            "CELERY_TASK_ALWAYS_EAGER": "false",
        }
        command = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=prefork",
            "--concurrency=1",
            # The no-op task is this worker's alone: autodiscovery leaves bench.noop out.
            "--include",
            "bench.noop",
            "-Q",
            QUEUE,
            "-n",
            f"bench-broadcast-{os.getpid()}@%h",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=WARNING",
            # What the worker itself enqueues (the deliveries) goes to the bench queue too.
            "--",
            f"task_default_queue={QUEUE}",
        ]
        started = time.perf_counter()
        # A session of its own: stop() can end the worker and its pool child together.
        self.process = subprocess.Popen(
            command,
            cwd=settings.BASE_DIR,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        # The first task done is the sign that the worker is up and consuming.
        self.wait_for([bench_noop.apply_async()], limit=120)
        stdout.write(
            f"Worker: pid {self.process.pid}, prefork, concurrency 1, same settings; ready in "
            f"{time.perf_counter() - started:.1f} s"
        )

    def check(self):
        if self.process is not None and self.process.poll() is not None:
            raise CommandError(
                f"The worker stopped (exit code {self.process.returncode}):\n{self.log_tail()}"
            )

    def log_tail(self) -> str:
        try:
            return Path(self.log.name).read_text(errors="replace")[-3000:]
        except OSError:
            return ""

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # warm shutdown: the current task ends
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        if self.log is not None:
            self.log.close()
            os.unlink(self.log.name)
            self.log = None

    def wait_for(self, results, *, limit: float):
        """Until every result is ready. One worker process runs them in the order sent, so
        the last one is watched, then the rest checked in one pass."""
        deadline = time.monotonic() + limit
        pending = list(results)
        while True:
            self.check()
            if results[-1].ready():
                pending = [result for result in pending if not result.ready()]
                if not pending:
                    break
            if time.monotonic() > deadline:
                raise CommandError(
                    f"{len(pending):,} task(s) not done after {limit:.0f} s.\n{self.log_tail()}"
                )
            time.sleep(POLL)
        for result in results:
            if result.failed():
                raise CommandError(f"A no-op task failed: {result.result!r}")
