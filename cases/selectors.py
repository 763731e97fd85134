"""Reads for the applicant portal, the desk and the administrators' pages, with their queries
spelled out."""

import datetime
from dataclasses import dataclass

from django.db import models
from django.db.models import (
    Count,
    IntegerField,
    Min,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from applicants.models import Company
from cases.models import Case
from centers.charts import load_level
from centers.models import CenterProvince, ChineseProvince, StaffAssignment, SupportCenter
from programs.eligibility import company_reasons, window_reasons
from programs.models import Program


def catalog_programs(queryset=None, *, at=None):
    """Published programs: open ones first (closing soonest first), then upcoming, then closed."""
    at = at or timezone.now()
    queryset = Program.objects.for_catalog() if queryset is None else queryset
    return queryset.annotate(
        window_order=models.Case(
            When(opens_at__lte=at, closes_at__gt=at, then=Value(0)),
            When(opens_at__gt=at, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
    ).order_by("window_order", "closes_at", "code")


def companies_for_eligibility(user) -> list[Company]:
    return list(Company.objects.of_member(user).for_eligibility().order_by("name_ko"))


def with_eligibility(programs, companies, *, at=None):
    """Attach to each program `window_reasons` and `eligibility`: [(company, reasons)].

    Pure Python over prefetched rows: the number of queries does not grow with programs or
    companies.
    """
    at = at or timezone.now()
    programs = list(programs)
    for program in programs:
        program.window_reasons = window_reasons(program, at=at)
        program.eligibility = [
            (company, program.window_reasons + company_reasons(program, company))
            for company in companies
        ]
    return programs


# Administrators' pages for centers and workload --------------------------------------------

# The triage desk issue brings the SLA clocks in Korean business days (program by program);
# until then the workload page counts the open cases submitted more than 30 calendar days ago.
STALE_AFTER = datetime.timedelta(days=30)


def _count_of(queryset, by: str):
    """A subquery counting the rows of `queryset` whose `by` is the outer row's pk.

    One correlated subquery per column keeps the outer query to one row per center: joining
    the jurisdiction, the staff and the cases at once would multiply them.
    """
    rows = (
        queryset.filter(**{by: OuterRef("pk")})
        .order_by()
        .values(by)
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def centers_overview() -> list[SupportCenter]:
    """Every center with `province_count`, `staff_count`, `open_cases` and its `leads`.

    Two queries however many centers, staff and cases there are.
    """
    leads = (
        StaffAssignment.objects.active_on()
        .filter(role=StaffAssignment.Role.LEAD)
        .select_related("official__user")
        .order_by("official__user__full_name", "pk")
    )
    return list(
        SupportCenter.objects.annotate(
            province_count=_count_of(CenterProvince.objects.all(), "center"),
            staff_count=_count_of(StaffAssignment.objects.active_on(), "center"),
            open_cases=_count_of(Case.objects.open(), "center"),
        ).prefetch_related(Prefetch("assignments", queryset=leads, to_attr="leads"))
    )


def center_for_administrator(pk) -> SupportCenter:
    """The center with `open_cases` and `unassigned_cases` (open, no official suggested)."""
    return get_object_or_404(
        SupportCenter.objects.annotate(
            open_cases=_count_of(Case.objects.open(), "center"),
            unassigned_cases=_count_of(
                Case.objects.open().filter(suggested_official__isnull=True), "center"
            ),
        ),
        pk=pk,
    )


def center_jurisdiction(center: SupportCenter) -> list[str]:
    """The names of the provinces the center covers, alphabetically in the page's language."""
    names = [
        ChineseProvince(p).label for p in center.jurisdiction.values_list("province", flat=True)
    ]
    return sorted(names, key=str)


def center_staff(center: SupportCenter) -> list[StaffAssignment]:
    """The center's current assignments, leads first, each with `open_cases` (its official's
    open cases at this center) and `load_percent`."""
    open_here = (
        Case.objects.open()
        .filter(center=center, suggested_official=OuterRef("official"))
        .order_by()
        .values("suggested_official")
        .annotate(count=Count("pk"))
        .values("count")
    )
    staff = list(
        StaffAssignment.objects.current()
        .filter(center=center)
        .select_related("official__user")
        .annotate(open_cases=Coalesce(Subquery(open_here, output_field=IntegerField()), 0))
        .order_by("role", "official__user__full_name", "pk")
    )
    for assignment in staff:
        assignment.load_percent = load_percent(
            assignment.open_cases, assignment.official.max_open_cases
        )
    return staff


def load_percent(value: int, capacity: int) -> int | None:
    """Open cases against capacity, in whole percent; None when there is no capacity."""
    if not capacity:
        return None
    return round(100 * value / capacity)


@dataclass
class Load:
    """Open cases, how many of them are old, the oldest one's age, against a capacity."""

    open_cases: int = 0
    stale_cases: int = 0
    oldest_submitted_at: datetime.datetime | None = None
    capacity: int = 0

    def add(self, open_cases, stale_cases, oldest_submitted_at) -> None:
        self.open_cases += open_cases
        self.stale_cases += stale_cases
        if oldest_submitted_at is not None and (
            self.oldest_submitted_at is None or oldest_submitted_at < self.oldest_submitted_at
        ):
            self.oldest_submitted_at = oldest_submitted_at

    def oldest_age_days(self, now) -> int | None:
        if self.oldest_submitted_at is None:
            return None
        return (now - self.oldest_submitted_at).days

    @property
    def percent(self) -> int | None:
        return load_percent(self.open_cases, self.capacity)

    @property
    def level(self) -> str:
        """normal, warning or danger: as the bars of the chart are coloured."""
        return load_level(self.open_cases, self.capacity)


@dataclass
class CenterLoad:
    center: SupportCenter
    load: Load
    oldest_age_days: int | None
    staff_count: int


@dataclass
class OfficialLoad:
    assignment: StaffAssignment
    load: Load
    oldest_age_days: int | None


@dataclass
class Workload:
    centers: list[CenterLoad]
    officials: list[OfficialLoad]


def workload(*, now=None) -> Workload:
    """Open cases per center and per official now staffing one, against their capacity.

    Three queries whatever the number of cases: the centers, the current assignments, and
    the open cases grouped by center and suggested official. An official's load is the open
    cases suggested to them at the center they staff now; a center's capacity is the sum of
    its officers' (leads are not routed cases).
    """
    now = now or timezone.now()
    centers = list(SupportCenter.objects.all())
    assignments = list(
        StaffAssignment.objects.active_on()
        .select_related("official__user", "center")
        .order_by(
            # The centers' own order (headquarters first), then leads before officers.
            "-center__is_headquarters",
            "center__code",
            "role",
            "official__user__full_name",
            "pk",
        )
    )
    groups = (
        Case.objects.open()
        .filter(center__isnull=False)
        .order_by()
        .values("center", "suggested_official")
        .annotate(
            open_cases=Count("pk"),
            stale_cases=Count("pk", filter=Q(submitted_at__lt=now - STALE_AFTER)),
            oldest_submitted_at=Min("submitted_at"),
        )
    )
    by_center = {center.pk: Load() for center in centers}
    by_official = {(a.center_id, a.official_id): Load() for a in assignments}
    for row in groups:
        counts = (row["open_cases"], row["stale_cases"], row["oldest_submitted_at"])
        by_center[row["center"]].add(*counts)
        if (official := by_official.get((row["center"], row["suggested_official"]))) is not None:
            official.add(*counts)
    staff_count = dict.fromkeys(by_center, 0)
    officials = []
    for assignment in assignments:
        staff_count[assignment.center_id] += 1
        load = by_official[(assignment.center_id, assignment.official_id)]
        load.capacity = assignment.official.max_open_cases
        if assignment.role == StaffAssignment.Role.OFFICER:
            by_center[assignment.center_id].capacity += load.capacity
        officials.append(OfficialLoad(assignment, load, load.oldest_age_days(now)))
    # A center nobody staffs, with no open case and not open, has no workload to show.
    rows = [
        CenterLoad(center, by_center[center.pk], by_center[center.pk].oldest_age_days(now), n)
        for center in centers
        if (n := staff_count[center.pk])
        or by_center[center.pk].open_cases
        or center.status == SupportCenter.Status.OPEN
    ]
    return Workload(centers=rows, officials=officials)
