"""Company A's reshoring case: a battery plant in Jiangsu moving to Chungbuk, approved for
9 bn won, at the Shanghai center (whose jurisdiction covers Jiangsu)."""

import datetime

import pytest
from django.utils import timezone, translation

from cases import services as case_services
from cases.models import CaseState
from centers.models import TradeOfficial
from centers.services import center_set_jurisdiction
from programs.models import Program
from reshoring.models import Relocation, RelocationPlan, ReshoringSettings
from tests.factories import CaseFactory, ProgramFactory

APPROVED = 9_000_000_000
PLAN = {
    "china_province": "CN-JS",
    "china_city": "Suzhou",
    "china_ksic": "28202",
    "china_staff": 420,
    "cut_percent": 60,
    "korea_region": "chungbuk",
    "korea_site": "Ochang Science Industrial Complex",
    "korea_ksic": "28209",
    "relocation": Relocation.FULL,
    "automation": True,
    "smart_factory": True,
    "new_products": False,
    "research": True,
    "planned_investment": 24_000_000_000,
    "planned_jobs": 120,
    "starts_on": datetime.date(2027, 3, 1),
    "production_on": datetime.date(2028, 3, 1),
}


@pytest.fixture(autouse=True)
def english(client):
    """Pages and the services' messages in English, the source language, whatever language
    an earlier test left active (the site's default is Korean)."""
    client.cookies["django_language"] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def program(db):
    program = ProgramFactory(
        code="reshoring-relocation",
        kind=Program.Kind.RESHORING,
        min_amount=100_000_000,
        max_amount=30_000_000_000,
        budget=100_000_000_000,
        four_eyes_above=100_000_000_000,
    )
    ReshoringSettings.objects.create(program=program)
    return program


@pytest.fixture
def company(applicant):
    return applicant.company_memberships.get().company


@pytest.fixture
def draft(program, company, applicant):
    return CaseFactory(company=company, program=program, created_by=applicant)


@pytest.fixture
def approved(program, company, applicant, shanghai, official):
    center_set_jurisdiction(center=shanghai, provinces=["CN-SH", "CN-JS"])
    officer = TradeOfficial.objects.get(user=official)
    case = CaseFactory(
        company=company,
        program=program,
        created_by=applicant,
        state=CaseState.APPROVED,
        reference="RES-2026-000007",
        submitted_at=timezone.now(),
        center=shanghai,
        assigned_to=officer,
        target_province="CN-JS",
        target_city="Suzhou",
        amount_requested=APPROVED,
        approved_amount=APPROVED,
        decided_at=timezone.now(),
    )
    RelocationPlan.objects.create(case=case, **PLAN)
    return case


@pytest.fixture
def relocating(approved, official):
    return case_services.transition(case=approved, action="start_relocation", by=official)


SCHEDULE = {
    "plan": 900_000_000,
    "site": 1_800_000_000,
    "wind_down": 1_800_000_000,
    "built": 2_700_000_000,
    "production": 1_800_000_000,
}


@pytest.fixture
def scheduled(relocating, official):
    from reshoring import services

    services.schedule_fix(case=relocating, by=official, amounts=SCHEDULE, due_dates={})
    return relocating
