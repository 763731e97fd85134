"""Program results over a period, per program, center, sector and promising item.

Everything is counted and summed by the database, the cases table read once whatever the
number of cases (insights/tally.py: one GROUPING SETS statement on PostgreSQL). The caller
passes the cases in scope (all of them for an administrator, their center's for its
staff).

A case belongs to the period by the day it was submitted (Seoul time). The approval rate
is approvals over decisions (approvals and rejections); a deadline is met when the answer
came on or before its due day, and counts once it was answered or its day has passed.
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from centers.models import SupportCenter
from insights.difficulties import add_difficulties
from insights.paid import paid_per
from insights.tally import EMPTY, TOTAL, tally
from programs.models import Program, PromisingItem, Sector

DIMENSIONS = ["program", "center", "sector", "item"]
TITLES = {
    "program": _("Per program"),
    "center": _("Per center"),
    "sector": _("Per sector"),
    "item": _("Per promising export item"),
}


def percent(part: int, whole: int | None) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class ResultRow:
    label: str
    applications: int
    approvals: int
    rejections: int
    responses_due: int
    responses_on_time: int
    decisions_due: int
    decisions_on_time: int
    requested: int
    approved: int
    budget: int | None = None
    # Median business days to the first response and to the decision (insights/tally.py).
    response_median: Decimal | None = None
    decision_median: Decimal | None = None
    # Reshoring tranches paid and subsidies repaid on recovery (insights/paid.py); None in
    # the items' table, whose groups do not carry them.
    paid: int | None = None
    repaid: int | None = None
    # The center table only: the difficulties closed in the period and those resolved.
    difficulties_closed: int | None = None
    difficulties_resolved: int | None = None
    pk: int | None = None  # the program's, center's, sector's or item's; None in the totals

    @property
    def approval_rate(self) -> Decimal | None:
        return percent(self.approvals, self.approvals + self.rejections)

    @property
    def response_compliance(self) -> Decimal | None:
        return percent(self.responses_on_time, self.responses_due)

    @property
    def decision_compliance(self) -> Decimal | None:
        return percent(self.decisions_on_time, self.decisions_due)

    @property
    def paid_net(self) -> int | None:
        return None if self.paid is None else self.paid - (self.repaid or 0)

    @property
    def budget_used(self) -> Decimal | None:
        return percent(self.approved, self.budget)


@dataclass(frozen=True)
class Table:
    dimension: str
    rows: list[ResultRow]

    @property
    def title(self) -> str:
        return TITLES[self.dimension]


@dataclass(frozen=True)
class Results:
    start: datetime.date
    end: datetime.date
    tables: list[Table] = field(default_factory=list)
    totals: ResultRow | None = None

    def table(self, dimension: str) -> Table:
        return next(t for t in self.tables if t.dimension == dimension)


MODELS = {"program": Program, "center": SupportCenter, "sector": Sector, "item": PromisingItem}


def _table(dimension: str, groups: dict, paid: dict | None) -> Table:
    """The rows of the groups (by id) that have one; `paid` None: no money columns."""
    named = MODELS[dimension].objects.in_bulk([pk for pk in groups if pk is not None])
    rows = [
        ResultRow(
            label=named[pk].name,
            pk=pk,
            budget=named[pk].budget if dimension == "program" else None,
            **figures,
            **(paid[pk] if paid is not None else {}),
        )
        for pk, figures in groups.items()
        if pk is not None
    ]
    return Table(dimension, sorted(rows, key=lambda row: row.label))


def program_results(
    cases,
    *,
    start: datetime.date,
    end: datetime.date,
    today: datetime.date,
    dimensions=tuple(DIMENSIONS),
) -> Results:
    """The period's results of `cases` (a Case queryset already scoped to the reader):
    its tables for `dimensions` and the totals."""
    seoul = timezone.get_current_timezone()
    # The period's Seoul days as a range of instants: nothing converted row by row.
    since = datetime.datetime.combine(start, datetime.time.min, tzinfo=seoul)
    until = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, seoul)
    period = cases.filter(submitted_at__gte=since, submitted_at__lt=until)
    wanted = [dimension for dimension in DIMENSIONS if dimension in dimensions]
    groups = tally(period, today, wanted)
    paid = paid_per(period, total=TOTAL)
    # The items' table has no money columns: payments are not kept per item.
    tables = [_table(d, groups[d], paid[d] if d != "item" else None) for d in wanted]
    totals = ResultRow(label=str(_("All")), **groups[TOTAL].get(None, EMPTY), **paid[TOTAL][None])
    if "center" in dimensions:
        at = wanted.index("center")
        tables[at], totals = add_difficulties(tables[at], totals, since, until)
    return Results(start=start, end=end, tables=tables, totals=totals)
