"""Outcome reports: asking supported companies what they exported after their approval,
and their answers.

`outcome_reports_request` runs daily (Celery beat): a report row is made on the day it
falls due, which is when the company is asked. It is idempotent twice over: the row is
unique per case and period, and the notification carries a dedupe key.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone

from applicants.models import CompanyMember
from cases.models import Case, CaseEvent
from insights.models import OutcomeReport, RenewablesGoal
from notifications.services import notify
from programs.models import Program, Sector

# The demo catalog's renewable-energy sectors (programs/demo.py): their companies also
# report their renewable exports in won, which count towards the goal.
RENEWABLE_SECTORS = ("solar", "wind", "hydrogen")


def add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    last = (datetime.date(year + month // 12, month % 12 + 1, 1) - datetime.timedelta(days=1)).day
    return datetime.date(year, month, min(day.day, last))


def is_renewable(company) -> bool:
    sector = company.sector
    codes = {sector.code, sector.parent.code if sector.parent_id else None} if sector else set()
    return bool(codes & set(RENEWABLE_SECTORS))


def outcome_reports_request(*, today: datetime.date) -> int:
    """Make the reports that fell due by `today` and ask each company; the number made."""
    made = 0
    for after in OutcomeReport.After:
        cutoff = add_months(today, -after.value)
        due = (
            Case.objects.filter(approved_amount__isnull=False, decided_at__date__lte=cutoff)
            .exclude(outcome_reports__months_after=after.value)
            .select_related("program")
            .only(
                "pk",
                "reference",
                "decided_at",
                "company_id",
                "program__name_ko",
                "program__name_en",
            )
        )
        for case in due.iterator(chunk_size=500):
            decided = timezone.localdate(case.decided_at)
            try:
                with transaction.atomic():
                    OutcomeReport.objects.create(
                        case=case, months_after=after.value, due_on=add_months(decided, after.value)
                    )
                    members = CompanyMember.objects.filter(
                        company_id=case.company_id
                    ).select_related("user")
                    notify(
                        [member.user for member in members],
                        "outcome_report_due",
                        {
                            "reference": case.reference,
                            "program": case.program.name,
                            "after": after.label,
                        },
                        link=reverse("portal:detail", kwargs={"pk": case.pk}),
                        dedupe_key=f"outcome-{case.pk}-{after.value}",
                    )
            except IntegrityError:
                continue  # made at the same moment by another run
            made += 1
    return made


@transaction.atomic
def outcome_report_submit(
    *, report: OutcomeReport, exports_to_china_usd: Decimal, renewable_exports_krw: int | None, by
) -> OutcomeReport:
    """The company's figures; sending again corrects them. A timeline row either way."""
    report = OutcomeReport.objects.select_for_update().get(pk=report.pk)
    report.exports_to_china_usd = exports_to_china_usd
    report.renewable_exports_krw = renewable_exports_krw
    report.reported_at = timezone.now()
    report.reported_by = by
    report.save(
        update_fields=[
            "exports_to_china_usd",
            "renewable_exports_krw",
            "reported_at",
            "reported_by",
        ]
    )
    CaseEvent.objects.create(
        case_id=report.case_id,
        action="outcome_report",
        actor=by,
        note=str(report.get_months_after_display()),
    )
    return report


def renewables_progress(today: datetime.date) -> dict:
    """The reported renewable exports against a straight path from the goal's start to the
    end of its year: two queries."""
    goal = RenewablesGoal.current()
    total = OutcomeReport.objects.filter(reported_at__isnull=False).aggregate(
        total=Sum("renewable_exports_krw", default=0)
    )["total"]
    start = datetime.date(goal.start_year, 1, 1)
    end = datetime.date(goal.year + 1, 1, 1)
    elapsed = min(max((today - start).days, 0), (end - start).days)
    # Whole won, rounded down: the path is a target, not money.
    expected = goal.amount_krw * elapsed // (end - start).days
    gap = expected - total
    return {
        "goal": goal,
        "total": total,
        "expected": expected,
        "gap": gap,
        "gap_percent": (Decimal(100) * gap / expected).quantize(Decimal("0.1"))
        if expected
        else None,
        "share_of_goal": (Decimal(100) * total / goal.amount_krw).quantize(Decimal("0.1")),
    }


def renewables_by_year(goal: RenewablesGoal, today: datetime.date) -> list[dict]:
    """Per year from the goal's start to its end: reported, cumulative and the straight
    path's value at the year's end. One GROUP BY query; a report counts in the year it
    fell due. Years still to come have no reported figures (None), only the path."""
    reported = dict(
        OutcomeReport.objects.filter(reported_at__isnull=False, renewable_exports_krw__isnull=False)
        .values_list("due_on__year")
        .annotate(total=Sum("renewable_exports_krw"))
        .values_list("due_on__year", "total")
    )
    years = range(goal.start_year, goal.year + 1)
    rows, cumulative = [], sum(v for y, v in reported.items() if y < goal.start_year)
    for n, year in enumerate(years, 1):
        cumulative += reported.get(year, 0)
        past = year <= today.year
        rows.append(
            {
                "year": year,
                "reported": reported.get(year, 0) if past else None,
                "cumulative": cumulative if past else None,
                "path": goal.amount_krw * n // len(years),
            }
        )
    return rows


@transaction.atomic
def renewables_goal_set(*, amount_krw: int, year: int) -> RenewablesGoal:
    goal = RenewablesGoal.current()
    goal = RenewablesGoal.objects.select_for_update().get(pk=goal.pk)
    goal.amount_krw, goal.year = amount_krw, year
    goal.save(update_fields=["amount_krw", "year"])
    return goal


@dataclass(frozen=True)
class Comparison:
    label: str
    cases: int
    before_usd: Decimal
    after_usd: Decimal

    @property
    def change_percent(self) -> Decimal | None:
        if not self.before_usd:
            return None
        change = 100 * (self.after_usd - self.before_usd) / self.before_usd
        return change.quantize(Decimal("0.1"))


def outcome_comparison(dimension: str) -> list[Comparison]:
    """Per program or per sector: the supported companies' exports to China in the year
    before (what the company declared for last year) against the first year after the
    decision (its 6- and 12-month reports), over the cases whose 12-month report is in.
    One GROUP BY, and one query for the names."""
    key = {"program": "case__program_id", "sector": "case__company__sector_id"}[dimension]
    model = {"program": Program, "sector": Sector}[dimension]
    complete = OutcomeReport.objects.filter(months_after=12, reported_at__isnull=False)
    groups = list(
        OutcomeReport.objects.filter(
            reported_at__isnull=False,
            months_after__in=[6, 12],
            case_id__in=complete.values("case_id"),
        )
        .values(key)
        .annotate(
            cases=Count("case_id", distinct=True),
            # The company's figure once per case: on its 12-month row only.
            before=Sum(
                "case__company__exports_to_china_last_year", filter=Q(months_after=12), default=0
            ),
            after=Sum("exports_to_china_usd", default=0),
        )
        .order_by()
    )
    named = model.objects.in_bulk([g[key] for g in groups if g[key] is not None])
    rows = [
        Comparison(named[g[key]].name, g["cases"], g["before"] or Decimal(0), g["after"])
        for g in groups
        if g[key] in named
    ]
    return sorted(rows, key=lambda row: row.label)
