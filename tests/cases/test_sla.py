"""The SLA clocks count Korean business days: weekends and public holidays do not count."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from hypothesis import given, strategies

from cases import services, sla
from cases.models import Case, CaseState
from tests.factories import CaseFactory, DocumentFactory, DocumentTypeFactory, ProgramFactory

SEOUL = ZoneInfo("Asia/Seoul")
day = datetime.date


@pytest.mark.parametrize(
    ("date", "why"),
    [
        (day(2026, 9, 19), "Saturday"),
        (day(2026, 9, 20), "Sunday"),
        (day(2026, 9, 24), "the day before Chuseok"),
        (day(2026, 9, 25), "Chuseok"),
        (day(2026, 10, 5), "the substitute for National Foundation Day, a Saturday"),
        (day(2026, 10, 9), "Hangul Day"),
        (day(2026, 12, 25), "Christmas"),
    ],
)
def test_weekends_and_korean_public_holidays_are_not_business_days(date, why):
    assert not sla.is_business_day(date), why


@pytest.mark.parametrize(
    "date", [day(2026, 9, 23), day(2026, 9, 28), day(2026, 10, 2), day(2026, 10, 6)]
)
def test_an_ordinary_weekday_is_a_business_day(date):
    assert sla.is_business_day(date)


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (day(2026, 9, 22), 0, day(2026, 9, 22)),
        (day(2026, 9, 22), 1, day(2026, 9, 23)),
        # Wednesday before Chuseok: Thursday and Friday are holidays, then the weekend.
        (day(2026, 9, 23), 1, day(2026, 9, 28)),
        (day(2026, 9, 23), 3, day(2026, 9, 30)),
        # Friday before National Foundation Day (a Saturday, made up on Monday).
        (day(2026, 10, 2), 1, day(2026, 10, 6)),
        # Across Chuseok, the substitute Monday and Hangul Day: 20 days are five weeks.
        (day(2026, 9, 21), 20, day(2026, 10, 23)),
        # From a holiday itself: the holiday is the start, not a day counted.
        (day(2026, 9, 25), 1, day(2026, 9, 28)),
        # Across the year's end (Christmas, New Year's Day).
        (day(2026, 12, 24), 2, day(2026, 12, 29)),
        (day(2026, 12, 31), 1, day(2027, 1, 4)),
    ],
)
def test_add_business_days_skips_weekends_and_holidays(start, days, expected):
    assert sla.add_business_days(start, days) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (day(2026, 9, 22), day(2026, 10, 1), 5),  # 23, 28, 29, 30 Sep, 1 Oct
        (day(2026, 9, 23), day(2026, 9, 27), 0),  # Chuseok and a weekend
        (day(2026, 10, 1), day(2026, 10, 1), 0),
        (day(2026, 10, 8), day(2026, 10, 1), 0),  # end before start
    ],
)
def test_business_days_between_counts_the_days_after_the_start_up_to_the_end(start, end, expected):
    assert sla.business_days_between(start, end) == expected


@given(
    start=strategies.dates(min_value=day(2019, 1, 1), max_value=day(2030, 12, 31)),
    span=strategies.integers(min_value=-10, max_value=1500),
)
def test_business_days_between_agrees_with_walking_the_calendar(start, span):
    # The count is arithmetic (whole weeks, then the holidays): it must say what a walk
    # through the calendar, day by day, says, across years and their holidays.
    end = start + datetime.timedelta(days=span)
    walked = sum(
        sla.is_business_day(start + datetime.timedelta(days=n)) for n in range(1, span + 1)
    )
    assert sla.business_days_between(start, end) == walked


def test_the_day_is_seouls_not_utcs():
    # 23:30 UTC on Thursday is 08:30 on Friday in Seoul.
    moment = datetime.datetime(2026, 10, 1, 23, 30, tzinfo=datetime.UTC)
    with time_machine.travel(moment, tick=False):
        assert sla.today() == day(2026, 10, 2)
    assert sla.local_date(moment) == day(2026, 10, 2)


@pytest.mark.parametrize(
    "moment",
    [
        pytest.param(datetime.datetime(2026, 10, 2, 9, tzinfo=SEOUL), id="friday-morning"),
        # Still Thursday in UTC; Friday in Seoul, where the deadline is counted.
        pytest.param(datetime.datetime(2026, 10, 1, 16, 30, tzinfo=datetime.UTC), id="utc-thu"),
        pytest.param(datetime.datetime(2026, 10, 2, 23, 50, tzinfo=SEOUL), id="friday-night"),
    ],
)
def test_a_case_submitted_on_the_friday_before_a_holiday_gets_its_deadlines_right(
    applicant, beijing, moment
):
    business_plan = DocumentTypeFactory(code="business-plan")
    program = ProgramFactory(
        required_documents=[business_plan],
        sla_first_response_days=3,
        sla_decision_days=20,
        opens_at=datetime.datetime(2026, 1, 1, tzinfo=SEOUL),
        closes_at=datetime.datetime(2027, 1, 1, tzinfo=SEOUL),
    )
    case = CaseFactory(
        company=applicant.company_memberships.get().company,
        program=program,
        created_by=applicant,
        amount_requested=50_000_000,
        purpose="Open a channel in Shanghai.",
        target_province="CN-SH",
        target_city="Shanghai",
        planned_exports_to_china=Decimal("1000000.00"),
    )
    DocumentFactory(case=case, document_type=business_plan, uploaded_by=applicant)

    with time_machine.travel(moment, tick=False):
        case = services.transition(case=case, action="submit", by=applicant)

    case.refresh_from_db()
    assert case.state == CaseState.SUBMITTED
    # Saturday 3 Oct and its substitute Monday 5 Oct off: Tue 6, Wed 7, Thu 8.
    assert case.first_response_due == case.sla_due == day(2026, 10, 8)
    # Also Hangul Day (Fri 9 Oct) off: 20 business days end on Tuesday 3 November.
    assert case.decision_due == day(2026, 11, 3)


# sla_flag: today is Wednesday 23 September, before Chuseok; "due soon" reaches two business
# days ahead, which Chuseok and the weekend push to Tuesday 29 September.
TODAY = day(2026, 9, 23)


@pytest.mark.parametrize(
    ("sla_due", "flag"),
    [
        (day(2026, 9, 22), "overdue"),
        (day(2026, 9, 23), "due_soon"),
        (day(2026, 9, 25), "due_soon"),
        (day(2026, 9, 29), "due_soon"),
        (day(2026, 9, 30), ""),
    ],
)
def test_the_flag_says_whether_the_running_clock_is_overdue_or_due_soon(sla_due, flag):
    case = Case(state=CaseState.IN_REVIEW, sla_due=sla_due)

    assert case.sla_flag(TODAY) == flag


def test_the_flag_reads_todays_date_in_seoul_when_not_given():
    case = Case(state=CaseState.SUBMITTED, sla_due=day(2026, 9, 29))

    with time_machine.travel(datetime.datetime(2026, 9, 23, 12, tzinfo=SEOUL), tick=False):
        assert case.sla_flag() == "due_soon"
    with time_machine.travel(datetime.datetime(2026, 9, 30, 9, tzinfo=SEOUL), tick=False):
        assert case.sla_flag() == "overdue"


@pytest.mark.parametrize(
    ("state", "sla_due"),
    [
        (CaseState.INFO_REQUESTED, None),  # the company has the case: no clock runs
        (CaseState.APPROVED, day(2026, 9, 1)),  # decided: an old deadline no longer counts
        (CaseState.DRAFT, day(2026, 9, 1)),
    ],
)
def test_no_flag_without_a_running_clock(state, sla_due):
    assert Case(state=state, sla_due=sla_due).sla_flag(TODAY) == ""
