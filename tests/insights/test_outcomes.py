"""Outcome reports: asked when due (once), answered on the case page by the company only,
and summed on the renewables goal page."""

import datetime
import itertools
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from cases.models import CaseEvent
from insights.models import OutcomeReport, RenewablesGoal
from insights.outcomes import add_months, outcome_reports_request, renewables_progress
from insights.tasks import request_outcome_reports
from notifications.models import Notification
from tests.factories import CaseFactory, CompanyMemberFactory, SectorFactory

pytestmark = pytest.mark.django_db
SEOUL = ZoneInfo("Asia/Seoul")
TODAY = datetime.date(2026, 7, 15)
REFERENCES = itertools.count(1)


def approved_case(company, decided: datetime.date):
    return CaseFactory(
        company=company,
        state="approved",
        reference=f"O-{next(REFERENCES)}",
        submitted_at=datetime.datetime(2024, 1, 1, tzinfo=SEOUL),
        decided_at=datetime.datetime.combine(decided, datetime.time(10), tzinfo=SEOUL),
    )


@pytest.fixture
def company(applicant):
    return applicant.company_memberships.get().company


def test_add_months_keeps_the_day_or_the_last_of_the_month():
    assert add_months(datetime.date(2025, 8, 31), 6) == datetime.date(2026, 2, 28)
    assert add_months(datetime.date(2026, 7, 15), -12) == datetime.date(2025, 7, 15)
    assert add_months(datetime.date(2026, 1, 10), -24) == datetime.date(2024, 1, 10)


def test_reports_are_asked_when_due_and_only_once(company, applicant, time_machine):
    time_machine.move_to(datetime.datetime(2026, 7, 15, 9, tzinfo=SEOUL))
    case = approved_case(company, datetime.date(2025, 7, 15))  # 12 months ago today
    approved_case(company, datetime.date(2026, 1, 16))  # not yet 6 months
    assert outcome_reports_request(today=TODAY) == 2
    reports = OutcomeReport.objects.filter(case=case).order_by("months_after")
    assert [(r.months_after, r.due_on) for r in reports] == [
        (6, datetime.date(2026, 1, 15)),
        (12, datetime.date(2026, 7, 15)),
    ]
    asked = Notification.objects.filter(recipient=applicant, kind="outcome_report_due")
    assert asked.count() == 2
    assert reverse("portal:detail", kwargs={"pk": case.pk}) == asked.first().link
    # The beat runs it again (or twice at once): nothing new, nobody asked twice.
    assert request_outcome_reports.apply().get() == 0
    assert outcome_reports_request(today=TODAY) == 0
    assert OutcomeReport.objects.count() == 2
    assert asked.count() == 2


def test_the_company_reports_on_its_case_page(client, company, applicant):
    case = approved_case(company, datetime.date(2025, 7, 1))
    outcome_reports_request(today=TODAY)
    client.force_login(applicant)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("portal:detail", kwargs={"pk": case.pk})).content.decode()
    assert "6 months after the decision" in page and "Not reported yet" in page
    url = reverse("portal:outcome_report", kwargs={"pk": case.pk, "months": 6})
    refused = client.post(url, {"exports_to_china_usd": "-5"})
    assert "Ensure this value is greater than or equal to 0" in refused.content.decode()
    # A battery maker: no renewable-energy field.
    assert "renewable_exports_krw" not in refused.content.decode()
    response = client.post(url, {"exports_to_china_usd": "1250000.50"})
    assert response.status_code == 302
    report = OutcomeReport.objects.get(case=case, months_after=6)
    assert report.exports_to_china_usd == Decimal("1250000.50") and report.reported_by == applicant
    assert CaseEvent.objects.filter(case=case, action="outcome_report").exists()
    page = client.get(reverse("portal:detail", kwargs={"pk": case.pk})).content.decode()
    assert "US$ 1,250,000.50" in page and "Outcome report sent" in page


def test_another_company_and_officials_get_404(client, company, other_applicant, official):
    case = approved_case(company, datetime.date(2025, 7, 1))
    outcome_reports_request(today=TODAY)
    url = reverse("portal:outcome_report", kwargs={"pk": case.pk, "months": 6})
    for user in (other_applicant, official):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.post(url, {"exports_to_china_usd": "1"}).status_code == 404
    assert not OutcomeReport.objects.filter(reported_at__isnull=False).exists()


def report(company, decided, months, krw):
    case = approved_case(company, decided)
    return OutcomeReport.objects.create(
        case=case,
        months_after=months,
        due_on=add_months(decided, months),
        exports_to_china_usd=Decimal(1),
        renewable_exports_krw=krw,
        reported_at=datetime.datetime(2026, 1, 1, tzinfo=SEOUL),
    )


def test_the_goal_page_shows_the_sum_of_the_reports(
    client, administrator, django_assert_max_num_queries, time_machine
):
    solar = CompanyMemberFactory(company__sector=SectorFactory(code="solar")).company
    report(solar, datetime.date(2024, 3, 1), 6, 120_000_000_000)
    report(solar, datetime.date(2025, 3, 1), 12, 30_000_000_000)
    # Asked, not answered: not counted.
    unanswered = report(solar, datetime.date(2025, 6, 1), 6, None)
    unanswered.reported_at = None
    unanswered.exports_to_china_usd = None
    unanswered.save()
    client.force_login(administrator)
    client.cookies["django_language"] = "en"
    time_machine.move_to(datetime.datetime(2026, 7, 15, 12, tzinfo=SEOUL))
    with django_assert_max_num_queries(12) as few:
        page = client.get(reverse("staffing:goal")).content.decode()
    assert "150,000,000,000 won" in page
    progress = renewables_progress(TODAY)
    assert progress["total"] == 150_000_000_000
    # 2023-01-01 to 2026-07-15 is 1,291 of the 2,922 days to the end of 2030.
    assert progress["expected"] == 5_000_000_000_000 * 1291 // 2922
    assert progress["gap"] == progress["expected"] - 150_000_000_000
    assert 'data-year="2024"' in page and 'src="data:image/svg+xml;base64,' in page
    # The years to come have only the path: nothing is reported for them yet.
    future = page.split('data-year="2030"')[1].split("</tr>")[0]
    assert future.count("—") == 2 and "5,000,000,000,000 won" in future
    for n in range(30):
        report(solar, datetime.date(2024, 1 + n % 12, 1), 24, 1_000_000)
    with django_assert_max_num_queries(len(few)):
        client.get(reverse("staffing:goal"))


def test_an_administrator_changes_the_goal_and_bad_input_is_kept(client, administrator):
    client.force_login(administrator)
    client.cookies["django_language"] = "en"
    refused = client.post(reverse("staffing:goal"), {"amount_krw": "abc", "year": "2035"})
    assert 'value="2035"' in refused.content.decode()
    assert "Enter a whole number." in refused.content.decode()
    client.post(reverse("staffing:goal"), {"amount_krw": "6000000000000", "year": "2035"})
    goal = RenewablesGoal.current()
    assert (goal.amount_krw, goal.year) == (6_000_000_000_000, 2035)


def test_results_compare_exports_before_and_after_support(
    client, administrator, django_assert_max_num_queries
):
    def supported(last_year, six, twelve):
        company = CompanyMemberFactory(
            company__exports_to_china_last_year=Decimal(last_year),
            company__sector=SectorFactory(code="cosmetics", name_en="Cosmetics"),
        ).company
        case = approved_case(company, datetime.date(2025, 1, 1))
        for months, value in ((6, six), (12, twelve)):
            if value is not None:
                OutcomeReport.objects.create(
                    case=case,
                    months_after=months,
                    due_on=add_months(datetime.date(2025, 1, 1), months),
                    exports_to_china_usd=Decimal(value),
                    reported_at=datetime.datetime(2026, 1, 2, tzinfo=SEOUL),
                )
        return case

    first = supported(1_000_000, 300_000, 900_000)  # 1.2 million after: +20 %
    supported(500_000, 100_000, 300_000)  # 0.4 million after
    supported(700_000, 400_000, None)  # no 12-month report yet: left out
    client.force_login(administrator)
    client.cookies["django_language"] = "en"
    with django_assert_max_num_queries(25) as few:
        page = client.get(reverse("staffing:results")).content.decode()
    # 1.5 million before, 1.6 million after: +6.7 %.
    assert "US$ 1,500,000.00" in page and "US$ 1,600,000.00" in page and "6.7 %" in page
    program = first.program.name_en
    assert program in page
    for _n in range(5):
        supported(100, 50, 50)
    with django_assert_max_num_queries(len(few)):
        client.get(reverse("staffing:results"))
