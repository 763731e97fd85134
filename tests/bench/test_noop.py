"""The benchmark's no-op task is offered by the benchmark's own worker only."""

import json
import subprocess
import sys

from django.conf import settings

# What a worker imports at start: the autodiscovered `<app>.tasks`, then its --include.
REGISTERED = """
import json, sys
from config.celery import app
app.conf.include = sys.argv[1:]
app.loader.import_default_modules()
print(json.dumps(sorted(app.tasks)))
"""


def registered(*include: str) -> list[str]:
    # A process of its own: this one may have imported bench.noop already.
    result = subprocess.run(
        [sys.executable, "-c", REGISTERED, *include],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return json.loads(result.stdout.splitlines()[-1])


def test_a_production_worker_does_not_know_the_no_op_task():
    tasks = registered()

    assert "cases.tasks.refresh_priorities" in tasks
    assert not [name for name in tasks if "bench" in name]


def test_the_benchmarks_worker_includes_it():
    assert "bench.noop.bench_noop" in registered("bench.noop")
