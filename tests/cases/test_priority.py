"""The priority score: parts an official can read, computed from plain values in one place."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from applicants.models import Company
from cases import priority
from cases.models import Case, CaseState
from programs.models import CompanySize, Sector

SEOUL = ZoneInfo("Asia/Seoul")
day = datetime.date
# Wednesday 23 September 2026, before Chuseok (Thursday to Saturday, made up on Monday 28).
TODAY = day(2026, 9, 23)


def test_every_part_counts_from_plain_values():
    parts = priority.parts(
        sector=Sector(name_en="Secondary batteries", is_focus=True),
        fall=Decimal("0.30"),
        is_sme=True,
        has_items=True,
        submitted_on=day(2026, 9, 14),  # a Monday: seven business days ago
        sla_due=day(2026, 9, 22),
        today=TODAY,
    )

    assert [part.points for part in parts] == [
        priority.FOCUS_SECTOR,
        priority.PROMISING_ITEM,
        12,  # a fall of 30 %: one point per 2.5 %
        priority.SME,
        7,
        priority.SLA_OVERDUE,
    ]


def test_nothing_counts_for_a_large_company_outside_the_focus_submitted_today():
    parts = priority.parts(
        sector=Sector(name_en="Steel", is_focus=False),
        fall=None,
        is_sme=False,
        has_items=False,
        submitted_on=TODAY,
        sla_due=day(2026, 10, 30),
        today=TODAY,
    )

    assert parts == []


def test_a_deadline_pushed_past_chuseok_is_still_due_soon():
    """Two business days from Wednesday reach Tuesday 29 September across the holidays."""
    parts = priority.parts(
        sector=None,
        fall=None,
        is_sme=False,
        has_items=False,
        submitted_on=None,
        sla_due=day(2026, 9, 29),
        today=TODAY,
    )

    assert [part.points for part in parts] == [priority.SLA_DUE_SOON]


def test_a_case_scores_what_its_values_score():
    company = Company(
        sector=Sector(name_en="Cosmetics", is_focus=True),
        size=CompanySize.SME,
        exports_to_china_last_year=Decimal("1000000.00"),
        exports_to_china_this_year=Decimal("200000.00"),
    )
    case = Case(
        company=company,
        state=CaseState.IN_REVIEW,
        submitted_at=datetime.datetime(2026, 9, 1, 23, 30, tzinfo=SEOUL),
        sla_due=day(2026, 9, 25),
    )

    expected = priority.parts(
        sector=company.sector,
        fall=priority.export_fall(Decimal("1000000.00"), Decimal("200000.00"), TODAY),
        is_sme=True,
        has_items=False,
        submitted_on=day(2026, 9, 1),
        sla_due=day(2026, 9, 25),
        today=TODAY,
    )
    assert priority.breakdown(case, today=TODAY, has_items=False) == expected
    assert priority.score(case, today=TODAY, has_items=False) == sum(p.points for p in expected)
    assert sum(p.points for p in expected) > priority.FOCUS_SECTOR + priority.SME


def test_a_closed_case_has_no_clock_to_score():
    case = Case(
        company=Company(
            sector=Sector(name_en="Steel", is_focus=False),
            size=CompanySize.LARGE,
            exports_to_china_this_year=Decimal(0),
        ),
        state=CaseState.APPROVED,
        submitted_at=datetime.datetime(2026, 9, 23, 9, tzinfo=SEOUL),
        sla_due=day(2026, 9, 1),
    )

    assert priority.breakdown(case, today=TODAY, has_items=False) == []
