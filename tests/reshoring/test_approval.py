"""The approved amount respects the program's rate of the planned investment and its cap
per company; approval leads into the relocation phase."""

import pytest
from django.utils import timezone, translation

from cases import services as case_services
from cases.errors import CaseError
from cases.models import CaseState
from reshoring.models import RelocationPlan, ReshoringSettings
from tests.factories import CaseFactory
from tests.reshoring.conftest import PLAN


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def in_review(program, company, applicant, beijing, lead):
    case = CaseFactory(
        company=company,
        program=program,
        created_by=applicant,
        state=CaseState.IN_REVIEW,
        reference="RES-2026-000011",
        submitted_at=timezone.now(),
        center=beijing,
        amount_requested=10_800_000_000,
    )
    RelocationPlan.objects.create(case=case, **PLAN)  # 24 bn won planned
    return case


def approve(case, lead, amount):
    return case_services.transition(
        case=case, action="approve", by=lead, amount=amount, recently_verified=True
    )


def test_it_approves_up_to_the_programs_rate_of_the_planned_investment(in_review, lead):
    assert approve(in_review, lead, 10_800_000_000).state == CaseState.APPROVED


def test_it_refuses_more_than_the_rate(in_review, lead):
    with pytest.raises(CaseError) as error:
        approve(in_review, lead, 10_800_000_001)
    assert (
        "At most 10,800,000,000 won: 45 % of the planned investment of 24,000,000,000 won, "
        "and no more than 30,000,000,000 won per company."
    ) in error.value.reasons


def test_it_refuses_more_than_the_cap_per_company(in_review, lead):
    ReshoringSettings.objects.filter(program=in_review.program).update(
        cap_per_company=5_000_000_000
    )
    with pytest.raises(CaseError) as error:
        approve(in_review, lead, 6_000_000_000)
    assert any(r.startswith("At most 5,000,000,000 won:") for r in error.value.reasons)
    in_review.refresh_from_db()
    assert in_review.state == CaseState.IN_REVIEW


def test_a_case_without_a_plan_is_not_approved(in_review, lead):
    RelocationPlan.objects.filter(case=in_review).delete()
    with pytest.raises(CaseError) as error:
        approve(in_review, lead, 1_000_000_000)
    assert error.value.reasons == ["The case has no relocation plan."]
