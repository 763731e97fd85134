"""The program results' figures do not depend on which tables are asked for (a CSV asks
for one; the database then groups by that table's key alone, or none besides the items),
and a period without cases shows empty tables and zero totals."""

import dataclasses
import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from cases.models import Case
from insights.results import program_results
from tests.factories import CaseFactory, ProgramFactory, PromisingItemFactory, SectorFactory

pytestmark = pytest.mark.django_db

SEOUL = ZoneInfo("Asia/Seoul")
START, END, TODAY = (
    datetime.date(2026, 1, 1),
    datetime.date(2026, 6, 30),
    datetime.date(2026, 7, 15),
)


@pytest.fixture(autouse=True)
def _names_in_english():
    with translation.override("en"):
        yield


@pytest.fixture
def cases(shanghai, beijing):
    programs = ProgramFactory(name_en="A financing"), ProgramFactory(name_en="B incentive")
    sectors = SectorFactory(name_en="Batteries"), SectorFactory(name_en="Cosmetics")
    items = PromisingItemFactory(name_en="EVs"), PromisingItemFactory(name_en="Games")
    for n, (program, center, sector, state, named) in enumerate(
        [
            (0, shanghai, 0, "approved", [0]),
            (0, shanghai, 1, "rejected", [0, 1]),
            (0, beijing, 0, "in_review", []),
            (1, beijing, 1, "approved", [1]),
            (1, None, 1, "rejected", [1]),  # not yet routed to a center: in the totals only
        ]
    ):
        made = CaseFactory(
            program=programs[program],
            center=center,
            company__sector=sectors[sector],
            state=state,
            reference=f"T-{n}",
            submitted_at=datetime.datetime(2026, 2 + n, 2, 12, tzinfo=SEOUL),
            amount_requested=(n + 1) * 10_000_000,
            decided_at=datetime.datetime(2026, 3 + n, 2, 12, tzinfo=SEOUL),
            decision_due=datetime.date(2026, 3 + n, 1 + n),
        )
        made.export_items.set([items[i] for i in named])
        made.count_days()
        made.save(update_fields=["first_response_days", "decision_days"])


def results(dimensions=("program", "center", "sector", "item"), start=START, end=END):
    return program_results(
        Case.objects.all(), start=start, end=end, today=TODAY, dimensions=dimensions
    )


@pytest.mark.parametrize("dimension", ["program", "center", "sector", "item"])
def test_a_table_alone_holds_the_figures_of_the_full_page(cases, dimension):
    full, alone = results(), results([dimension])
    assert [table.dimension for table in alone.tables] == [dimension]
    assert alone.table(dimension).rows == full.table(dimension).rows
    assert len(full.table(dimension).rows) == 2
    # The difficulties closed come with the centers' table only, in its rows and totals.
    without = {"difficulties_closed": None, "difficulties_resolved": None}
    assert dataclasses.replace(alone.totals, **without) == dataclasses.replace(
        full.totals, **without
    )
    assert (full.totals.applications, full.totals.approvals, full.totals.rejections) == (5, 2, 2)


def test_a_period_without_cases_has_empty_tables_and_zero_totals(cases):
    empty = results(start=datetime.date(2024, 1, 1), end=datetime.date(2024, 12, 31))
    assert [table.rows for table in empty.tables] == [[], [], [], []]
    totals = empty.totals
    assert (totals.applications, totals.requested, totals.paid, totals.approval_rate) == (
        0,
        0,
        0,
        None,
    )
    assert (totals.response_median, totals.decision_median) == (None, None)
