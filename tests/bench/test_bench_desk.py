"""A smoke test of `manage.py bench_desk`: it seeds, measures and reports; no timing asserted."""

import io
import re

import pytest
from django.core.management import call_command

from accounts.models import User
from applicants.models import Company
from applicants.validators import validate_business_number
from cases import services
from cases.models import OPEN_STATES, Case

# The benchmark signs its officials in itself, second step included: the tests' own
# shortcut for that (tests/conftest.py) must not hide it if it stops doing so.
pytestmark = [pytest.mark.django_db, pytest.mark.second_factor_pending]


def test_bench_desk_seeds_measures_and_ends_with_the_ratios():
    out = io.StringIO()
    call_command("bench_desk", cases=200, repeat=2, stdout=out)
    lines = out.getvalue().splitlines()

    assert re.fullmatch(r"desk/admin p50 ratio: \d+\.\d\d", lines[-2])
    assert float(lines[-2].rsplit(" ", 1)[1]) > 0
    assert re.fullmatch(r"desk/floor p50 ratio: \d+\.\d\d", lines[-1])
    assert float(lines[-1].rsplit(" ", 1)[1]) > 0
    rows = [line.split() for line in lines if line.startswith(("desk ", "admin "))]
    pages = {" ".join(row[:-4]) for row in rows}  # the page and the user
    assert {
        "desk first page official",
        "desk floor administrator",
        "admin search 1 administrator",
    } <= pages
    floor_rows = [row for row in rows if row[:2] == ["desk", "floor"]]
    first_rows = [row for row in rows if row[:3] == ["desk", "first", "page"]]
    assert [row[-1] for row in floor_rows] == [row[-1] for row in first_rows]  # the same rows
    for row in rows:
        p50, p95, queries = float(row[-4]), float(row[-3]), int(row[-2])
        assert 0 < p50 <= p95
        assert queries > 0

    bench = Case.objects.filter(created_by__email="bench.loader@example.com")
    assert bench.count() == 200
    assert 0 < bench.filter(state__in=OPEN_STATES).count() < 200
    company = Company.objects.filter(contact_email__endswith="@bench.example.com").first()
    validate_business_number(company.business_number)
    # The seeder scored its rows with the real priority: the morning refresh changes none.
    assert services.refresh_priorities() == 0

    # A second run finds the bench data and does not seed again.
    again = io.StringIO()
    call_command("bench_desk", cases=200, repeat=1, stdout=again)
    assert "Seeding: skipped" in again.getvalue()
    assert bench.count() == 200

    call_command("bench_desk", clear=True, stdout=io.StringIO())
    assert not bench.exists()
    assert not User.objects.filter(email="bench.loader@example.com").exists()
