"""The real stack for the notifications' live tests: an SMTP server in this process, a
private Redis, and Celery workers in their own processes.

The session's threaded worker (tests/conftest.py) consumes from the configured broker for
the rest of the run, so a test that must start, kill or restart workers, or stop Redis,
does it on a private redis-server of its own: nothing else can take its messages, and the
machine's shared Redis is never stopped.
"""

import asyncio
import contextlib
import email
import email.policy
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.db import connection

from config.celery import app as celery_app

BASE_DIR = Path(settings.BASE_DIR)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition, timeout: float = 30.0, interval: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return bool(condition())


def _missing(what: str):
    """A service this machine lacks: fail in CI, skip on a laptop (as the markers do)."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true and this test needs {what}", pytrace=False)
    pytest.skip(f"needs {what}")


# SMTP -------------------------------------------------------------------------------------


class Inbox:
    """An aiosmtpd handler that keeps the messages it accepted, by Message-ID.

    `hold_first()` makes the next DATA wait, unanswered, until `release()`: the sender is
    left in the middle of its SMTP transaction. The held message is then refused (451) and
    never kept, so a sender killed while held has delivered nothing.
    """

    def __init__(self):
        self.accepted: list[email.message.EmailMessage] = []
        self.delay = 0.0  # seconds each message takes to be accepted: a slow mail server
        self._lock = threading.Lock()
        self._hold = False
        self.holding = threading.Event()  # a DATA arrived and is being held
        self._released = threading.Event()

    def hold_first(self) -> None:
        self._hold = True

    def release(self) -> None:
        self._released.set()

    async def handle_DATA(self, server, session, envelope):
        if self._hold:
            self._hold = False
            self.holding.set()
            while not self._released.is_set():
                await asyncio.sleep(0.05)
            return "451 4.3.0 Held by the test and dropped"
        if self.delay:
            await asyncio.sleep(self.delay)
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self._lock:
            self.accepted.append(message)
        return "250 Message accepted for delivery"

    def count(self, message_id: str) -> int:
        with self._lock:
            return sum(1 for message in self.accepted if message["Message-ID"] == message_id)

    def __len__(self) -> int:
        with self._lock:
            return len(self.accepted)


@pytest.fixture
def inbox(settings):
    """A real SMTP server on a free loopback port; this process's e-mail goes to it (the
    threaded worker reads these settings), subprocess workers get `inbox.url`."""
    from aiosmtpd.controller import Controller  # requirements-dev.txt

    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    handler.url = f"smtp://127.0.0.1:{controller.port}"
    try:
        yield handler
    finally:
        handler.release()
        controller.stop()


def message_id(notification) -> str:
    """The Message-ID notifications.tasks gives the e-mail of this notification."""
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].rstrip(">") or "localhost"
    return f"<notification-{notification.pk}.{notification.recipient_id}@{domain}>"


# A private Redis --------------------------------------------------------------------------


class PrivateRedis:
    """A redis-server of this test's own, without persistence: a restart starts it empty."""

    def __init__(self, workdir: Path):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.workdir = workdir
        self.process = None

    def start(self) -> None:
        import redis

        self.process = subprocess.Popen(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port),
             "--save", "", "--appendonly", "no", "--dir", str(self.workdir)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        client = redis.Redis(port=self.port, socket_connect_timeout=1)

        def answers():
            try:
                return client.ping()
            except redis.RedisError:
                return False

        assert wait_for(answers, timeout=10), "the private redis-server did not start"

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None

    def client(self):
        import redis

        return redis.Redis(port=self.port, socket_connect_timeout=1, socket_timeout=5)


@pytest.fixture
def private_redis(tmp_path):
    if shutil.which("redis-server") is None:
        _missing("redis-server (to start a private Redis)")
    server = PrivateRedis(tmp_path)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def app_on_private_redis(private_redis, monkeypatch):
    """This process publishes to the private Redis (broker and results), as a web process
    configured with it would. The environment variables win over the app's configuration in
    Celery, hence both; the connection pools and the result backend are made anew, and the
    configured ones are put back afterwards."""
    old = {
        "_pool": celery_app._pool,
        "_producer_pool": celery_app.amqp._producer_pool,
        "_backend_cache": celery_app._backend_cache,
        "_local_backend": getattr(celery_app._local, "backend", None),
        "broker_url": celery_app.conf.broker_url,
        "result_backend": celery_app.conf.result_backend,
    }
    monkeypatch.setenv("CELERY_BROKER_URL", private_redis.url)
    monkeypatch.setenv("CELERY_RESULT_BACKEND", private_redis.url)
    celery_app.conf.broker_url = celery_app.conf.result_backend = private_redis.url
    celery_app._pool = celery_app.amqp._producer_pool = None
    celery_app._backend_cache = celery_app._local.backend = None
    celery_app.conf.task_always_eager = False
    try:
        yield private_redis
    finally:
        celery_app.conf.task_always_eager = True
        if celery_app._pool is not None:
            celery_app._pool.force_close_all()
        celery_app.conf.broker_url = old["broker_url"]
        celery_app.conf.result_backend = old["result_backend"]
        celery_app._pool = old["_pool"]
        celery_app.amqp._producer_pool = old["_producer_pool"]
        celery_app._backend_cache = old["_backend_cache"]
        celery_app._local.backend = old["_local_backend"]


# Workers in their own processes -----------------------------------------------------------


class WorkerProcess:
    """`celery -A config worker` in a process group of its own."""

    def __init__(self, env: dict, log: Path, pool: str):
        self.log = log
        self.node = f"live-{uuid.uuid4().hex[:8]}"  # its name is node@host
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", f"--pool={pool}",
             "--concurrency=1", "--without-gossip", "--without-mingle", "--without-heartbeat",
             "-n", f"{self.node}@%h", "--loglevel=INFO", "--logfile", str(log)],
            cwd=BASE_DIR, env=env, start_new_session=True,
            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
        )  # fmt: skip
        self.pid = self.process.pid

    def children(self) -> list[int]:
        """The pool's processes (prefork): the ones that run the tasks."""
        try:
            text = Path(f"/proc/{self.pid}/task/{self.pid}/children").read_text()
        except FileNotFoundError:
            return []
        return [int(pid) for pid in text.split()]

    def kill_group(self) -> None:
        """SIGKILL to the main process and its pool at once: the machine lost the worker."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        """A warm shutdown, then SIGKILL to whatever is left of the group (a pool process
        whose main process was killed, say)."""
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.pid, signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=15)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except FileNotFoundError:
            return "(no worker log)"


def database_url_for_workers() -> str:
    """DATABASE_URL naming the test database, where this test's rows are committed."""
    parts = urlsplit(os.environ["DATABASE_URL"])
    return parts._replace(path="/" + connection.settings_dict["NAME"]).geturl()


@pytest.fixture
def start_worker(transactional_db, tmp_path, inbox):
    """Start workers in subprocesses on a broker URL, with the test database and the inbox
    for e-mail; every one is stopped (its whole process group) when the test ends."""
    workers = []

    def start(broker_url: str, *, pool: str = "prefork") -> WorkerProcess:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "config.settings"),
            "DATABASE_URL": database_url_for_workers(),
            "CELERY_BROKER_URL": broker_url,
            "CELERY_RESULT_BACKEND": broker_url,
            "EMAIL_URL": inbox.url,
            "VAR_DIR": str(tmp_path / "var"),
        }
        env.pop("CELERY_TASK_ALWAYS_EAGER", None)
        worker = WorkerProcess(env, tmp_path / f"worker-{len(workers) + 1}.log", pool)
        workers.append(worker)
        return worker

    try:
        yield start
    finally:
        for worker in workers:
            worker.stop()
