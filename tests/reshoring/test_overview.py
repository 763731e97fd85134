"""The administrators' reshoring overview, and the reshoring pages' query counts as cases and
milestones grow."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.models import Case, CaseState
from reshoring.models import MILESTONE_ORDER, Milestone, Payment, RelocationPlan, Tranche
from tests.reshoring.conftest import PLAN

TODAY = datetime.date(2027, 4, 2)


def relocations(program, company, member, center, count, *, start=0):
    """`count` cases in relocation: each plans 1 bn won and 10 jobs in Gyeonggi, has realised
    half, and has its first of two 50,000,000-won tranches paid."""
    now = timezone.now()
    cases = Case.objects.bulk_create(
        Case(
            company=company,
            program=program,
            created_by=member,
            state=CaseState.RELOCATION,
            reference=f"RES-2027-{start + n:06d}",
            submitted_at=now,
            center=center,
            approved_amount=100_000_000,
            decided_at=now,
        )
        for n in range(count)
    )
    plan = {**PLAN, "korea_region": "gyeonggi", "planned_investment": 1_000_000_000}
    plan.update(planned_jobs=10, realised_investment=500_000_000, realised_jobs=5)
    RelocationPlan.objects.bulk_create(RelocationPlan(case=case, **plan) for case in cases)
    milestones = Milestone.objects.bulk_create(
        Milestone(
            case=case,
            kind=kind,
            position=i,
            due_on=TODAY,
            state="verified",
            verified_by=member,
            verified_at=now,
        )
        for case in cases
        for i, kind in enumerate(MILESTONE_ORDER)
    )
    tranches = Tranche.objects.bulk_create(
        Tranche(case=m.case, milestone=m, amount=50_000_000)
        for m in milestones
        if m.kind in ("plan", "site")
    )
    Payment.objects.bulk_create(
        Payment(tranche=t, amount=t.amount, paid_on=TODAY, recorded_by=member)
        for t in tranches
        if t.milestone.kind == "plan"
    )
    return cases


def test_it_shows_cases_by_phase_investment_by_region_and_paid_against_budget(
    client, administrator, approved, program, company, applicant, shanghai
):
    relocations(program, company, applicant, shanghai, 3)
    client.force_login(administrator)

    response = client.get(reverse("staffing:reshoring"))

    phases = {p.key: p.cases for p in response.context["phases"]}
    assert phases["relocating"] == 3 and phases["approved"] == 1 and phases["paid"] == 0
    [gyeonggi, chungbuk] = sorted(response.context["regions"], key=lambda r: r.region != "gyeonggi")
    assert (gyeonggi.cases, gyeonggi.planned_investment, gyeonggi.realised_investment) == (
        3,
        3_000_000_000,
        1_500_000_000,
    )
    assert (gyeonggi.planned_jobs, gyeonggi.realised_jobs) == (30, 15)
    assert chungbuk.planned_investment == 24_000_000_000
    [row] = response.context["programs"]
    assert (row.budget, row.paid) == (100_000_000_000, 150_000_000)
    page = response.content.decode()
    assert "<svg" in page and "150,000,000 won" in page and "3,000,000,000 won" in page


def test_a_case_whose_tranches_are_all_paid_is_fully_paid(
    client, administrator, program, company, applicant, shanghai
):
    [case] = relocations(program, company, applicant, shanghai, 1)
    tranche = Tranche.objects.get(case=case, milestone__kind="site")
    Payment.objects.create(
        tranche=tranche, amount=tranche.amount, paid_on=TODAY, recorded_by=applicant
    )
    client.force_login(administrator)

    phases = {p.key: p.cases for p in client.get(reverse("staffing:reshoring")).context["phases"]}

    assert (phases["paid"], phases["relocating"]) == (1, 0)


@pytest.mark.parametrize("page", ["staffing", "desk", "portal"])
def test_the_reshoring_pages_run_as_many_queries_for_200_cases_as_for_10(
    client, page, administrator, official, applicant,
    program, company, shanghai
):  # fmt: skip
    def visit(count, start, limit=None):
        cases = relocations(program, company, applicant, shanghai, count, start=start)
        user, url = {
            "staffing": (administrator, reverse("staffing:reshoring")),
            "desk": (official, reverse("desk:case", args=[cases[-1].pk])),
            "portal": (applicant, reverse("portal:relocation", args=[cases[-1].pk])),
        }[page]
        client.force_login(user)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    few = visit(10, 0)
    many = visit(190, 10)  # 200 cases, 1,200 milestones

    assert many == few


def test_the_demo_has_a_reshoring_case_at_every_phase_and_one_late_milestone(db):
    from django.core.management import call_command

    from cases import sla
    from reshoring.selectors import overview

    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115

    phases = {p.key: p.cases for p in overview()["phases"]}
    assert {k: phases[k] for k in ("applied", "relocating", "paid", "recovery")} == dict.fromkeys(
        ("applied", "relocating", "paid", "recovery"), 1
    )
    [late] = Milestone.objects.late(sla.today())
    assert late.case.company.name_en == "Daon Semiconductor Co., Ltd."
    assert Milestone.objects.filter(case=late.case, state="verified").count() == 2
