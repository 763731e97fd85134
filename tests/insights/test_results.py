"""Program results equal figures computed by hand on a fixed set of cases, and each
reader sees their scope."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import translation

from cases.models import Case
from insights.results import program_results
from reshoring.models import Milestone, MilestoneKind, Payment, Recovery, Tranche
from tests.factories import (
    CaseFactory,
    DifficultyFactory,
    ProgramFactory,
    PromisingItemFactory,
    SectorFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _mid_july(time_machine):
    # The pages count a deadline once its day has passed: TODAY, as in the selector tests.
    time_machine.move_to(datetime.datetime(2026, 7, 15, 12, tzinfo=SEOUL))


@pytest.fixture(autouse=True)
def _names_in_english():
    with translation.override("en"):
        yield


SEOUL = ZoneInfo("Asia/Seoul")
START, END, TODAY = (
    datetime.date(2026, 1, 1),
    datetime.date(2026, 6, 30),
    datetime.date(2026, 7, 15),
)


def at(month, day, hour=12, year=2026):
    return datetime.datetime(year, month, day, hour, tzinfo=SEOUL)


def case(program, center, sector, submitted, state, requested, **kwargs):
    items = kwargs.pop("items", [])
    made = CaseFactory(
        program=program,
        center=center,
        company__sector=sector,
        state=state,
        reference=f"T-{Case.objects.count() + 1}",
        submitted_at=submitted,
        amount_requested=requested,
        **kwargs,
    )
    made.export_items.set(items)
    # As each transition does (cases.rules.refresh_clock): the business days are stored.
    made.count_days()
    made.save(update_fields=["first_response_days", "decision_days"])
    return made


@pytest.fixture
def book(shanghai, beijing):
    p1 = ProgramFactory(name_en="A financing", budget=1_000_000_000)
    p2 = ProgramFactory(name_en="B incentive", budget=500_000_000)
    s1, s2 = SectorFactory(name_en="Batteries"), SectorFactory(name_en="Cosmetics")
    a, b = PromisingItemFactory(name_en="EVs"), PromisingItemFactory(name_en="Games")
    # approved, answered and decided on time
    case(
        p1,
        shanghai,
        s1,
        at(2, 1),
        "approved",
        120_000_000,
        approved_amount=100_000_000,
        first_response_due=datetime.date(2026, 2, 10),
        first_response_at=at(2, 9),
        decision_due=datetime.date(2026, 3, 1),
        decided_at=at(2, 25),
        items=[a],
    )
    # rejected: answered late, decided on time
    case(
        p1,
        shanghai,
        s2,
        at(3, 1),
        "rejected",
        50_000_000,
        first_response_due=datetime.date(2026, 3, 10),
        first_response_at=at(3, 12),
        decision_due=datetime.date(2026, 4, 1),
        decided_at=at(3, 30),
        items=[a, b],
    )
    # in review: never answered and past its day; its decision is not due yet
    case(
        p1,
        beijing,
        s1,
        at(4, 1),
        "in_review",
        80_000_000,
        first_response_due=datetime.date(2026, 4, 10),
        decision_due=datetime.date(2026, 8, 1),
    )
    # approved: answered on its very day (late in the evening, Seoul), decided late
    case(
        p2,
        beijing,
        s2,
        at(5, 1),
        "approved",
        250_000_000,
        approved_amount=200_000_000,
        first_response_due=datetime.date(2026, 5, 10),
        first_response_at=at(5, 10, hour=23),
        decision_due=datetime.date(2026, 6, 1),
        decided_at=at(6, 3),
    )
    # submitted on the last evening of 2025 in Seoul: outside the period
    case(
        p2,
        shanghai,
        s1,
        at(12, 31, hour=23, year=2025),
        "approved",
        30_000_000,
        approved_amount=30_000_000,
        decided_at=at(1, 5),
    )
    CaseFactory(program=p2, center=shanghai)  # a draft was never submitted
    # Reshoring money: tranches paid, and a recovery repaid (counted) or still open (not).
    pay("T-1", [30_000_000, 20_000_000], recovered=10_000_000, repaid=True)
    pay("T-4", [50_000_000], recovered=20_000_000, repaid=False)
    pay("T-5", [30_000_000])  # outside the period
    # Difficulties closed in the period: Shanghai resolved one of two, Beijing one in part;
    # one closed after the period and one still open do not count.
    for center, status, closed in [
        (shanghai, "resolved", at(3, 3)),
        (shanghai, "not_resolved", at(6, 30, hour=23)),
        (beijing, "partly_resolved", at(5, 5)),
        (shanghai, "resolved", at(7, 1, hour=0)),
    ]:
        DifficultyFactory(center=center, status=status, closed_at=closed, outcome_reason="Done.")
    DifficultyFactory(center=shanghai)


def pay(reference, amounts, recovered=None, repaid=False):
    paid = Case.objects.get(reference=reference)
    by = paid.created_by
    for position, (kind, amount) in enumerate(zip(MilestoneKind.values, amounts, strict=False)):
        milestone = Milestone.objects.create(
            case=paid, kind=kind, position=position, due_on=datetime.date(2026, 6, 1)
        )
        tranche = Tranche.objects.create(case=paid, milestone=milestone, amount=amount)
        Payment.objects.create(
            tranche=tranche, amount=amount, paid_on=datetime.date(2026, 6, 1), recorded_by=by
        )
    if recovered:
        Recovery.objects.create(
            case=paid, cause="check", rule="full", planned_jobs=10, realised_jobs=5,
            months_required=60, months_operated=60, paid=sum(amounts), amount=recovered,
            opened_by=by, repaid_on=datetime.date(2026, 7, 1) if repaid else None,
            repaid_recorded_by=by if repaid else None,
        )  # fmt: skip


def rows(results, dimension):
    return {row.label: row for row in results.table(dimension).rows}


def test_results_per_program_equal_the_hand_computed_figures(book):
    results = program_results(Case.objects.all(), start=START, end=END, today=TODAY)
    p1, p2 = rows(results, "program")["A financing"], rows(results, "program")["B incentive"]
    assert (p1.applications, p1.approvals, p1.rejections) == (3, 1, 1)
    assert p1.approval_rate == Decimal("50.0")
    assert (p1.responses_due, p1.responses_on_time, p1.response_compliance) == (
        3,
        1,
        Decimal("33.3"),
    )
    assert (p1.decisions_due, p1.decisions_on_time, p1.decision_compliance) == (
        2,
        2,
        Decimal("100.0"),
    )
    assert (p1.requested, p1.approved, p1.budget_used) == (
        250_000_000,
        100_000_000,
        Decimal("10.0"),
    )
    assert (p2.applications, p2.approval_rate, p2.response_compliance) == (
        1,
        Decimal("100.0"),
        Decimal("100.0"),
    )
    assert (p2.decision_compliance, p2.budget_used) == (Decimal("0.0"), Decimal("40.0"))


def test_paid_net_of_repayments_per_program_center_and_sector(book):
    results = program_results(Case.objects.all(), start=START, end=END, today=TODAY)

    def money(dimension):
        return {
            label: (row.paid, row.repaid, row.paid_net)
            for label, row in rows(results, dimension).items()
        }

    assert money("program") == {
        "A financing": (50_000_000, 10_000_000, 40_000_000),
        "B incentive": (50_000_000, 0, 50_000_000),
    }
    assert money("center") == {
        "Shanghai Export Support Center": (50_000_000, 10_000_000, 40_000_000),
        "Beijing Export Support Center": (50_000_000, 0, 50_000_000),
    }
    assert money("sector") == {
        "Batteries": (50_000_000, 10_000_000, 40_000_000),
        "Cosmetics": (50_000_000, 0, 50_000_000),
    }
    totals = results.totals
    assert (totals.paid, totals.repaid, totals.paid_net) == (100_000_000, 10_000_000, 90_000_000)
    assert {row.paid for row in results.table("item").rows} == {None}


def test_difficulties_closed_and_resolved_per_center(book):
    results = program_results(Case.objects.all(), start=START, end=END, today=TODAY)
    closed = {
        label: (row.difficulties_closed, row.difficulties_resolved)
        for label, row in rows(results, "center").items()
    }
    assert closed == {
        "Shanghai Export Support Center": (2, 1),
        "Beijing Export Support Center": (1, 0),
    }
    totals = results.totals
    assert (totals.difficulties_closed, totals.difficulties_resolved) == (3, 1)


def test_results_per_center_sector_and_item(book):
    results = program_results(Case.objects.all(), start=START, end=END, today=TODAY)
    centers = rows(results, "center")
    shanghai = centers["Shanghai Export Support Center"]
    beijing = centers["Beijing Export Support Center"]
    assert (shanghai.applications, shanghai.requested, shanghai.approved) == (
        2,
        170_000_000,
        100_000_000,
    )
    assert (beijing.applications, beijing.approval_rate) == (2, Decimal("100.0"))
    sectors = rows(results, "sector")
    assert (sectors["Batteries"].applications, sectors["Cosmetics"].applications) == (2, 2)
    items = rows(results, "item")
    assert (items["EVs"].applications, items["EVs"].approvals) == (2, 1)
    assert (items["Games"].applications, items["Games"].approval_rate) == (1, Decimal("0.0"))
    totals = results.totals
    assert (totals.applications, totals.approvals, totals.approval_rate) == (4, 2, Decimal("66.7"))
    assert (totals.response_compliance, totals.decision_compliance) == (
        Decimal("50.0"),
        Decimal("66.7"),
    )
    assert (totals.requested, totals.approved) == (500_000_000, 300_000_000)


# Business days from submission, by hand on the 2026 calendar (weekends and holidays out):
#   1. 1 Feb (Sun) -> answered 9 Feb: 2-6, 9 = 6; decided 25 Feb: Seollal 16-18 out = 15
#   2. 1 Mar (Sun) -> answered 12 Mar: 2 Mar is the substitute holiday, 3-6, 9-12 = 8;
#      decided 30 Mar = 20
#   3. 1 Apr: neither answered nor decided, so in no median
#   4. 1 May -> answered 10 May (Sun): 4, 6-8 (5 May Children's Day) = 4; decided 3 Jun
#      (local election day, a holiday; 25 May the substitute for Buddha's Birthday) = 20
def test_median_business_days_equal_the_hand_computed_figures(book):
    results = program_results(Case.objects.all(), start=START, end=END, today=TODAY)
    medians = {
        dimension: {
            label: (row.response_median, row.decision_median)
            for label, row in rows(results, dimension).items()
        }
        for dimension in ("program", "center", "sector", "item")
    }
    d = Decimal
    assert medians["program"] == {
        "A financing": (d("7.0"), d("17.5")),
        "B incentive": (d("4.0"), d("20.0")),
    }
    assert medians["center"] == {
        "Shanghai Export Support Center": (d("7.0"), d("17.5")),
        "Beijing Export Support Center": (d("4.0"), d("20.0")),
    }
    assert medians["sector"] == {
        "Batteries": (d("6.0"), d("15.0")),
        "Cosmetics": (d("6.0"), d("20.0")),
    }
    assert medians["item"] == {"EVs": (d("7.0"), d("17.5")), "Games": (d("8.0"), d("20.0"))}
    assert (results.totals.response_median, results.totals.decision_median) == (d("6.0"), d("20.0"))


def test_a_case_stores_its_business_days_when_answered_and_keeps_them(book):
    answered = Case.objects.get(submitted_at=at(3, 1))
    assert (answered.first_response_days, answered.decision_days) == (8, 20)
    waiting = Case.objects.get(submitted_at=at(4, 1))
    assert (waiting.first_response_days, waiting.decision_days) == (None, None)
    answered.decided_at = at(6, 30)
    answered.count_days()
    assert answered.decision_days == 20


def get(client, name, **params):
    return client.get(reverse(name), {"start": "2026-01-01", "end": "2026-06-30", **params})


def test_the_administrator_sees_every_center_and_downloads_each_table(client, administrator, book):
    client.force_login(administrator)
    page = get(client, "staffing:results").content.decode()
    assert "Shanghai Export Support Center" in page and "Beijing Export Support Center" in page
    assert "500,000,000 won" in page
    assert "Paid, net of repayments" in page and "90,000,000 won" in page
    assert 'src="data:image/svg+xml;base64,' in page
    response = get(client, "staffing:results", csv="center")
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[1:] == [
        "Beijing Export Support Center,2,1,0,100.0,50.0,0.0,4.0,20.0,"
        "330000000,200000000,50000000,0,50000000,,1,0",
        "Shanghai Export Support Center,2,1,1,50.0,50.0,100.0,7.0,17.5,"
        "170000000,100000000,50000000,10000000,40000000,,2,1",
        "All,4,2,1,66.7,50.0,66.7,6.0,20.0,500000000,300000000,100000000,10000000,90000000,,3,1",
    ]


def test_center_staff_see_only_their_center(client, official, book):
    client.force_login(official)
    page = get(client, "desk:results").content.decode()
    assert "Shanghai Export Support Center" in page
    assert "Beijing Export Support Center" not in page
    lines = get(client, "desk:results", csv="program").content.decode("utf-8-sig").splitlines()
    assert lines[-1] == (
        "All,2,1,1,50.0,50.0,100.0,7.0,17.5,170000000,100000000,50000000,10000000,40000000,,,"
    )


def test_a_company_member_is_refused(client, applicant, book):
    client.force_login(applicant)
    assert get(client, "desk:results").status_code == 403


def test_a_period_that_ends_before_it_starts_is_refused_next_to_the_field(client, administrator):
    client.force_login(administrator)
    response = client.get(reverse("staffing:results"), {"start": "2026-06-30", "end": "2026-01-01"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "The end of the period comes before its start." in page
    assert 'value="2026-06-30"' in page  # what was typed stays


@pytest.mark.parametrize("name", ["staffing:results", "desk:results"])
def test_the_page_runs_a_constant_number_of_queries(
    client, administrator, shanghai, django_assert_max_num_queries, name
):
    client.force_login(administrator)
    template = CaseFactory(
        center=shanghai, state="rejected", reference="Q-0", submitted_at=at(3, 1)
    )

    def grow(count):
        Case.objects.bulk_create(
            Case(
                company=template.company,
                program=template.program,
                created_by=template.created_by,
                center=shanghai,
                state="rejected",
                reference=f"Q-{Case.objects.count()}-{n}",
                submitted_at=at(3, 1),
                amount_requested=1_000_000,
            )
            for n in range(count)
        )

    grow(9)
    with django_assert_max_num_queries(20) as few:
        assert get(client, name).status_code == 200
    grow(990)
    with django_assert_max_num_queries(len(few)):
        get(client, name)
