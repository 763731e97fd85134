import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import translation

from programs.eligibility import is_eligible, unmet_conditions
from programs.models import CompanySize
from tests.factories import CompanyFactory, ProgramFactory, PromisingItemFactory, SectorFactory

SEOUL = ZoneInfo("Asia/Seoul")
OPENS = datetime.datetime(2026, 7, 1, 9, 0, tzinfo=SEOUL)
CLOSES = datetime.datetime(2026, 9, 30, 18, 0, tzinfo=SEOUL)


@pytest.fixture
def batteries(db):
    area = SectorFactory(code="new-industries", name_en="New industries")
    return SectorFactory(code="secondary-batteries", name_en="Secondary batteries", parent=area)


@pytest.fixture
def steel(db):
    area = SectorFactory(code="established", name_en="Established industries", is_focus=False)
    return SectorFactory(code="steel", name_en="Steel", name_ko="철강", parent=area)


@pytest.fixture
def program(batteries):
    return ProgramFactory(opens_at=OPENS, closes_at=CLOSES, sectors=[batteries.parent])


def codes(program, company, at):
    return [reason.code for reason in unmet_conditions(program, company, at=at)]


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (OPENS - datetime.timedelta(seconds=1), ["not_open_yet"]),
        (OPENS, []),
        (CLOSES - datetime.timedelta(seconds=1), []),
        (CLOSES, ["closed"]),
    ],
    ids=["a second before opening", "at opening", "a second before closing", "at closing"],
)
def test_it_opens_and_closes_on_the_second_in_seoul_time(program, batteries, moment, expected):
    company = CompanyFactory(sector=batteries)

    assert codes(program, company, moment) == expected


def test_it_says_when_applications_closed_in_seoul_time(program, batteries):
    company = CompanyFactory(sector=batteries)

    with translation.override("en"):
        [reason] = unmet_conditions(program, company, at=CLOSES)
        # 18:00 in Seoul is 09:00 UTC: the page must show Seoul's date and hour.
        assert str(reason) == "Applications closed on Sept. 30, 2026 at 18:00."


def test_it_says_when_applications_open(program, batteries):
    company = CompanyFactory(sector=batteries)

    with translation.override("en"):
        [reason] = unmet_conditions(program, company, at=OPENS - datetime.timedelta(days=3))
        assert str(reason) == "Applications open on July 1, 2026 at 09:00."


def test_it_names_the_sector_that_is_not_covered(program, steel):
    company = CompanyFactory(sector=steel)

    with translation.override("en"):
        [reason] = unmet_conditions(program, company, at=OPENS)
        assert str(reason) == "Your sector, Steel, is not covered by this program."
    with translation.override("ko"):
        assert "철강" in str(unmet_conditions(program, company, at=OPENS)[0])


def test_a_program_for_an_area_serves_every_industry_in_it(program, batteries):
    assert is_eligible(program, CompanyFactory(sector=batteries), at=OPENS)


def test_a_program_for_an_industry_serves_only_that_industry(batteries, db):
    ev = SectorFactory(code="electric-vehicles", parent=batteries.parent)
    program = ProgramFactory(opens_at=OPENS, closes_at=CLOSES, sectors=[batteries])

    assert is_eligible(program, CompanyFactory(sector=batteries), at=OPENS)
    assert codes(program, CompanyFactory(sector=ev), OPENS) == ["sector"]


def test_a_program_without_sectors_serves_every_sector(steel):
    program = ProgramFactory(opens_at=OPENS, closes_at=CLOSES)

    assert is_eligible(program, CompanyFactory(sector=steel), at=OPENS)


def test_it_refuses_a_company_size_the_program_does_not_serve(program, batteries):
    program.company_sizes = [CompanySize.SME]
    company = CompanyFactory(sector=batteries, size=CompanySize.LARGE)

    with translation.override("en"):
        [reason] = unmet_conditions(program, company, at=OPENS)
        assert str(reason) == (
            "This program serves: Small or medium-sized enterprise. "
            "Your company is registered as: Large enterprise."
        )


def test_it_requires_a_promising_item_only_when_the_program_says_so(program, batteries):
    company = CompanyFactory(sector=batteries)
    assert is_eligible(program, company, at=OPENS)

    program.requires_promising_item = True
    assert codes(program, company, OPENS) == ["promising_item"]

    company.promising_items.add(PromisingItemFactory(sector=batteries))
    assert is_eligible(program, company, at=OPENS)


def test_it_refuses_everyone_when_the_budget_cannot_pay_the_minimum(program, batteries):
    program.committed = program.budget - program.min_amount + 1

    assert codes(program, CompanyFactory(sector=batteries), OPENS) == ["budget_exhausted"]


def test_it_lists_every_unmet_condition_at_once(program, steel):
    program.company_sizes = [CompanySize.SME]
    program.requires_promising_item = True
    company = CompanyFactory(sector=steel, size=CompanySize.LARGE)

    assert codes(program, company, CLOSES) == ["closed", "sector", "size", "promising_item"]


@time_machine.travel(datetime.datetime(2026, 8, 1, 12, 0, tzinfo=SEOUL), tick=False)
def test_it_uses_the_current_time_when_none_is_given(program, batteries):
    assert is_eligible(program, CompanyFactory(sector=batteries))
