"""The last step of bench_broadcast: what publishing costs a request while the broker is
out, through the product's own publish (notifications.services.publish and its circuit
breaker), against a broker that refuses connections and one that accepts them and never
answers (a hung Redis). Nothing is enqueued: the ids are never delivered."""

import contextlib
import os
import socket
import statistics
import time

from accounts import broker
from notifications.services import publish

CALLS = 200


@contextlib.contextmanager
def _broker_at(url: str):
    """Publishing goes to `url` (Celery reads this variable first for the write
    connection); the breaker starts closed and is left closed."""
    saved = os.environ.get("CELERY_BROKER_WRITE_URL")
    os.environ["CELERY_BROKER_WRITE_URL"] = url
    broker.breaker.reset()
    try:
        yield
    finally:
        broker.breaker.reset()
        if saved is None:
            os.environ.pop("CELERY_BROKER_WRITE_URL", None)
        else:
            os.environ["CELERY_BROKER_WRITE_URL"] = saved


def _ms(call) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def _costs(url: str) -> tuple[float, float, float]:
    """(the first publish, which finds the outage; the median and the worst of the next
    CALLS, while the breaker is open), in ms."""
    with _broker_at(url):
        first = _ms(lambda: publish([0]))
        later = [_ms(lambda: publish([0])) for _ in range(CALLS)]
    return first, statistics.median(later), max(later)


def measure(stdout) -> None:
    with socket.socket() as refusing:
        refusing.bind(("127.0.0.1", 0))
        refused_port = refusing.getsockname()[1]  # bound, never listening: refused
        with socket.socket() as silent:
            silent.bind(("127.0.0.1", 0))
            silent.listen(8)  # connections complete in the backlog, nobody answers
            silent_port = silent.getsockname()[1]
            cases = {
                "refused": f"redis://127.0.0.1:{refused_port}/0",
                "no answer": f"redis://127.0.0.1:{silent_port}/0",
            }
            _costs(cases["refused"])  # a process's first publish imports the transport
            for name, url in cases.items():
                first, median, worst = _costs(url)
                stdout.write(
                    f"Outage ({name}): a request's publish takes {first:.1f} ms when it finds "
                    f"the broker out, then {median:.3f} ms (worst {worst:.2f} ms over {CALLS}) "
                    "while the breaker is open"
                )
