import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from cases import sla
from cases.models import CaseState
from centers.models import StaffAssignment, TradeOfficial
from tests.factories import (
    CaseFactory,
    DocumentTypeFactory,
    ProgramFactory,
    StaffAssignmentFactory,
)


@pytest.fixture(autouse=True)
def english(client):
    """The portal's pages in English here; tests/config/test_i18n.py covers the Korean."""
    client.cookies["django_language"] = "en"


@pytest.fixture
def world(applicant, other_applicant, official, beijing_official, lead, administrator, beijing):
    """Company A's people and the Beijing center's staff (since 2020, so the clock may travel
    back), a colleague of the officer, a second lead, and a financing program."""
    colleague = StaffAssignmentFactory(
        center=beijing, official__user__email="colleague@beijing.example.com"
    ).official
    deputy = StaffAssignmentFactory(
        center=beijing,
        role=StaffAssignment.Role.LEAD,
        official__user__email="deputy@beijing.example.com",
    ).official.user
    StaffAssignment.objects.update(starts_on=datetime.date(2020, 1, 1))
    business_plan = DocumentTypeFactory(code="business-plan", name_en="Business plan")
    return SimpleNamespace(
        people={
            "applicant": applicant,
            "officer": beijing_official,
            "lead": lead,
            "administrator": administrator,
            "other-company": other_applicant,
            "other-center": official,
        },
        applicant=applicant,
        officer=beijing_official,
        lead=lead,
        deputy=deputy,
        administrator=administrator,
        company=applicant.company_memberships.get().company,
        center=beijing,
        colleague=colleague,
        elsewhere=TradeOfficial.objects.get(user=official),
        business_plan=business_plan,
        program=ProgramFactory(
            code="battery-loan", required_documents=[business_plan], budget=1_000_000_000
        ),
    )


@pytest.fixture
def case(applicant, beijing, beijing_official):
    """Company A's case in review at Beijing, with the Beijing officer."""
    officer = TradeOfficial.objects.get(user=beijing_official)
    return CaseFactory(
        company=applicant.company_memberships.get().company,
        created_by=applicant,
        program=ProgramFactory(budget=1_000_000_000),
        state=CaseState.IN_REVIEW,
        reference="FIN-2026-000042",
        submitted_at=timezone.now(),
        center=beijing,
        amount_requested=60_000_000,
        assigned_to=officer,
        suggested_official=officer,
        first_response_at=timezone.now(),
        decision_due=sla.add_business_days(sla.today(), 20),
    )
