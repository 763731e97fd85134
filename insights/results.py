"""Program results over a period, per program, center, sector and promising item.

Everything is counted and summed by the database: one GROUP BY query per table and one
for the totals, whatever the number of cases. The caller passes the cases in scope (all
of them for an administrator, their center's for its staff).

A case belongs to the period by the day it was submitted (Seoul time). The approval rate
is approvals over decisions (approvals and rejections); a deadline is met when the answer
came on or before its due day, and counts once it was answered or its day has passed.
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import CaseState
from centers.models import SupportCenter
from insights.difficulties import add_difficulties
from insights.medians import Pair, aggregates, in_database, medians, medians_of, pair
from insights.paid import add_paid
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
    # Median business days to the first response and to the decision (insights/medians.py).
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


def _measures(today: datetime.date) -> dict:
    response_due = Q(first_response_due__isnull=False) & (
        Q(first_response_at__isnull=False) | Q(first_response_due__lt=today)
    )
    decision_due = Q(decision_due__isnull=False) & (
        Q(decided_at__isnull=False) | Q(decision_due__lt=today)
    )
    return {
        "applications": Count("id"),
        "approvals": Count("id", filter=Q(approved_amount__isnull=False)),
        "rejections": Count("id", filter=Q(state=CaseState.REJECTED)),
        "responses_due": Count("id", filter=response_due),
        "responses_on_time": Count(
            "id", filter=response_due & Q(first_response_at__date__lte=F("first_response_due"))
        ),
        "decisions_due": Count("id", filter=decision_due),
        "decisions_on_time": Count(
            "id", filter=decision_due & Q(decided_at__date__lte=F("decision_due"))
        ),
        "requested": Sum("amount_requested", default=0),
        "approved": Sum("approved_amount", default=0),
    }


MEASURES = [
    "applications",
    "approvals",
    "rejections",
    "responses_due",
    "responses_on_time",
    "decisions_due",
    "decisions_on_time",
    "requested",
    "approved",
]


def _row(label: str, groups: list[dict], budget=None, median: Pair = (None, None), pk=None):
    return ResultRow(
        label=label,
        pk=pk,
        budget=budget,
        response_median=median[0],
        decision_median=median[1],
        **{measure: sum(group[measure] or 0 for group in groups) for measure in MEASURES},
        **{
            money: sum(group[money] for group in groups)
            if all(money in g for g in groups)
            else None
            for money in ("paid", "repaid")
        },
    )


def _table(dimension, groups: list[dict], key: str, model, middle: dict, budget=False) -> Table:
    by_key: dict = {}
    for group in groups:
        if group[key] is not None:
            by_key.setdefault(group[key], []).append(group)
    named = model.objects.in_bulk(list(by_key)) if by_key else {}
    rows = [
        _row(
            named[pk].name,
            members,
            named[pk].budget if budget else None,
            middle.get(pk, (None, None)),
            pk,
        )
        for pk, members in by_key.items()
    ]
    return Table(dimension, sorted(rows, key=lambda row: row.label))


def _items(period, measures: dict) -> Table:
    """Items need their own GROUP BY: a case may name several. PostgreSQL takes the medians
    in the same query; SQLite in one more."""
    with_items = period.filter(export_items__isnull=False)
    key = "export_items__id"
    if in_database():
        items = list(with_items.values(key).annotate(**measures, **aggregates()).order_by())
        middle = {row[key]: pair(row) for row in items}
    else:
        items = list(with_items.values(key).annotate(**measures).order_by())
        middle = medians_of(with_items, key)
    return _table("item", items, key, PromisingItem, middle)


def program_results(
    cases,
    *,
    start: datetime.date,
    end: datetime.date,
    today: datetime.date,
    dimensions=tuple(DIMENSIONS),
) -> Results:
    """The period's results of `cases` (a Case queryset already scoped to the reader).

    The database sums the cases in one GROUP BY over program x center x sector (a few
    hundred groups at most); the per-program, per-center and per-sector tables and the
    totals add those groups up. Items need their own GROUP BY: a case may name several.
    """
    seoul = timezone.get_current_timezone()
    # The period's Seoul days as a range of instants: nothing converted row by row.
    since = datetime.datetime.combine(start, datetime.time.min, tzinfo=seoul)
    until = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, seoul)
    period = cases.filter(submitted_at__gte=since, submitted_at__lt=until)
    measures = _measures(today)
    groups = list(
        period.values("program_id", "center_id", "company__sector_id")
        .annotate(**measures)
        .order_by()
    )
    add_paid(groups, period)
    tables = []
    keys = {"program": "program_id", "center": "center_id", "sector": "company__sector_id"}
    wanted = [key for dimension, key in keys.items() if dimension in dimensions]
    middles, overall = medians(period, wanted)
    for dimension, model in (("program", Program), ("center", SupportCenter), ("sector", Sector)):
        if dimension in dimensions:
            key = keys[dimension]
            budget = dimension == "program"
            tables.append(_table(dimension, groups, key, model, middles[key], budget=budget))
    if "item" in dimensions:
        tables.append(_items(period, measures))
    totals = _row(str(_("All")), groups, median=overall)
    if "center" in dimensions:
        at = [table.dimension for table in tables].index("center")
        tables[at], totals = add_difficulties(tables[at], totals, since, until)
    return Results(start=start, end=end, tables=tables, totals=totals)
