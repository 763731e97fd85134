"""The no-op task bench_broadcast times the broker and the worker with.

Not named tasks.py on purpose: Celery's autodiscovery imports `<app>.tasks` of every
installed app, and a production worker has no business offering a benchmark's task. Only
the worker bench_broadcast starts imports this module (`celery worker --include
bench.noop`); the command itself imports it to send.
"""

from celery import shared_task


@shared_task
def bench_noop() -> None:
    """Does nothing."""
    return None
