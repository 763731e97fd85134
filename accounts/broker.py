"""Publishing Celery tasks from a request without letting a broker outage slow it down.

The rows a task would work on are already committed, and a sweep enqueues again whatever
is left waiting, so a publish that fails loses nothing: it only has to fail fast. Each
publish gets a connection that gives up after BROKER_PUBLISH_TIMEOUT (kombu's own
connection would retry for CELERY_BROKER_CONNECTION_TIMEOUT, two seconds, even when Redis
refuses at once), kept for the thread's next publish. After a failure a circuit breaker
opens: for BROKER_OUTAGE_PAUSE seconds this process does not try at all, then one publish
tries again. One warning per outage,
when the breaker opens, and one line when the broker is back; no traceback per request.
"""

import logging
import threading
import time
from collections.abc import Iterable

from django.conf import settings

logger = logging.getLogger(__name__)


class Breaker:
    """Per process: closed (publish), open until a moment (skip), then half-open (one try)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._open_until = 0.0
        self._outage = False  # a warning was logged and the broker has not answered since

    def reset(self) -> None:
        with self._lock:
            self._open_until, self._outage = 0.0, False

    def allows(self) -> bool:
        with self._lock:
            return time.monotonic() >= self._open_until

    def failed(self, error: Exception, *, what: str) -> None:
        pause = settings.BROKER_OUTAGE_PAUSE
        with self._lock:
            self._open_until = time.monotonic() + pause
            first, self._outage = not self._outage, True
        if first:
            logger.warning(
                "The broker does not answer (%s: %s): %s not enqueued, publishing paused for "
                "%s s; the sweep will retry",
                type(error).__name__,
                error,
                what,
                pause,
            )

    def succeeded(self) -> None:
        with self._lock:
            was_out, self._outage, self._open_until = self._outage, False, 0.0
        if was_out:
            logger.warning("The broker answers again: publishing resumed")


breaker = Breaker()


# One publishing connection per thread, kept between requests (making one costs a few
# milliseconds, a pooled publish a fraction of one); dropped when it fails.
_local = threading.local()


def _connection(app):
    url = app.conf.broker_write_url
    cached = getattr(_local, "connection", None)
    if cached is not None and cached[0] == url:
        return cached[1]
    _forget_connection()
    timeout = settings.BROKER_PUBLISH_TIMEOUT
    options = {"max_retries": 0}  # kombu: no retry loop before the first error is raised
    if url.startswith(("redis://", "rediss://", "unix://")):
        options.update(socket_connect_timeout=timeout, socket_timeout=timeout)
    connection = app.connection_for_write(connect_timeout=timeout, transport_options=options)
    _local.connection = (url, connection)
    return connection


def _forget_connection() -> None:
    cached = getattr(_local, "connection", None)
    _local.connection = None
    if cached is not None:
        try:
            cached[1].release()
        except Exception:  # a connection that failed may fail to close too
            logger.debug("Closing a failed publishing connection failed", exc_info=True)


def publish_each(task, batches: Iterable, *, what: str) -> int:
    """Publish `task` once per item of `batches` (its args list); how many were published.

    Never raises and never waits for a broker that does not answer: returns early (the rest
    wait for the sweep) when the breaker is open or the broker fails.
    """
    batches = list(batches)
    if not batches:
        return 0
    app = task.app
    if app.conf.task_always_eager:
        published, error = _publish(task, batches, connection=None)
    elif not breaker.allows():
        logger.debug("Publishing paused (broker outage): %s wait for the sweep", what)
        return 0
    else:
        # A kept connection that a broker restart closed reconnects by itself (redis-py):
        # tests/notifications/test_live_publishing.py.
        try:
            published, error = _publish(task, batches, connection=_connection(app))
        except Exception as exc:  # a malformed URL, a missing transport: as good as down
            published, error = 0, exc
        if error is not None:
            _forget_connection()  # the next try, after the pause, connects afresh
    if error is not None:
        breaker.failed(error, what=what)
    else:
        breaker.succeeded()
    return published


def _publish(task, batches, *, connection) -> tuple[int, Exception | None]:
    published = 0
    for args in batches:
        try:
            task.apply_async(args=args, retry=False, connection=connection)
        except Exception as exc:
            return published, exc
        published += 1
    return published, None


def chunks(ids: Iterable[int], size: int) -> list[list[list[int]]]:
    """`ids` as the args of one task per `size` of them."""
    ids = list(ids)
    return [[ids[start : start + size]] for start in range(0, len(ids), size)]
