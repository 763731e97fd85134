"""A smoke test of `manage.py bench_results`: it seeds, times each results page and
reports its queries; no timing asserted."""

import io

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.django_db, pytest.mark.second_factor_pending]


def test_bench_results_times_each_results_page():
    out = io.StringIO()
    call_command("bench_results", cases=100, repeat=2, stdout=out)
    rows = [line.rsplit(None, 3) for line in out.getvalue().splitlines() if line.strip()]
    timed = {row[0].strip(): row[1:] for row in rows if row[0].startswith(("results", "CSV"))}
    assert set(timed) == {"results, all centers", "results, one center", "CSV per program"}
    for p50, p95, queries in timed.values():
        assert 0 < float(p50) <= float(p95)
        assert int(queries) > 0
