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
from django.utils.translation import gettext_lazy as _

from cases.models import CaseState
from programs.models import localized

DIMENSIONS = {
    "program": ("program_id", "program__name_ko", "program__name_en"),
    "center": ("center_id", "center__name_ko", "center__name_en"),
    "sector": ("company__sector_id", "company__sector__name_ko", "company__sector__name_en"),
    "item": ("export_items__id", "export_items__name_ko", "export_items__name_en"),
}
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


def _row(label: str, values: dict, budget=None) -> ResultRow:
    names = ResultRow.__dataclass_fields__
    return ResultRow(
        label=label,
        budget=budget,
        **{k: v for k, v in values.items() if k in names and k not in ("label", "budget")},
    )


def program_results(cases, *, start: datetime.date, end: datetime.date, today: datetime.date):
    """The period's results of `cases` (a Case queryset already scoped to the reader)."""
    period = cases.filter(submitted_at__date__gte=start, submitted_at__date__lte=end)
    measures = _measures(today)
    tables = []
    for dimension, (key, name_ko, name_en) in DIMENSIONS.items():
        group = [key, name_ko, name_en] + (["program__budget"] if dimension == "program" else [])
        rows = (
            period.filter(**{f"{key}__isnull": False})
            .values(*group)
            .annotate(**measures)
            .order_by(name_en, key)
        )
        tables.append(
            Table(
                dimension,
                [
                    _row(localized(r[name_ko], r[name_en]), r, r.get("program__budget"))
                    for r in rows
                ],
            )
        )
    totals = _row(str(_("All")), period.aggregate(**measures))
    return Results(start=start, end=end, tables=tables, totals=totals)
