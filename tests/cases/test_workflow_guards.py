"""What each guard of the workflow refuses, and says."""

import pytest
from django.utils import translation

from cases import services, sla
from cases.models import (
    CaseState,
    InformationItem,
    Outcome,
    RejectionReason,
)
from programs.models import Program
from tests.cases.workflow_world import (
    case_in,
    refused,
    valid_data,
)
from tests.factories import (
    ProgramFactory,
)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_an_incomplete_application_is_not_submitted_and_the_missing_parts_are_named(world):
    case = case_in(world, CaseState.DRAFT, purpose="")
    case.documents.all().delete()

    reasons = refused(case, "submit", world.applicant)

    assert reasons == ["Missing: The purpose of the support", "Missing: Business plan"]


def test_no_more_than_the_company_asked_for_is_approved(world):
    case = case_in(world, CaseState.IN_REVIEW, amount_requested=30_000_000)

    reasons = refused(case, "approve", world.lead, amount=40_000_000)

    assert reasons == ["The amount is more than the 30,000,000 won the company asked for."]


def test_no_more_than_the_programs_maximum_is_approved(world):
    case = case_in(world, CaseState.IN_REVIEW, amount_requested=100_000_000)
    Program.objects.filter(pk=world.program.pk).update(max_amount=80_000_000)

    reasons = refused(case, "approve", world.lead, amount=90_000_000)

    assert reasons == ["The amount is more than the program's maximum of 80,000,000 won per case."]


def test_an_approval_the_budget_cannot_pay_is_refused_with_what_is_left(world):
    Program.objects.filter(pk=world.program.pk).update(budget=100_000_000, committed=90_000_000)
    case = case_in(world, CaseState.IN_REVIEW)

    reasons = refused(case, "approve", world.lead, amount=20_000_000)

    assert reasons == ["The program's budget has 10,000,000 won left, less than this amount."]


@pytest.fixture
def four_eyes_program(world):
    return ProgramFactory(
        code="large-loans",
        required_documents=[world.business_plan],
        max_amount=100_000_000,
        four_eyes_above=50_000_000,
    )


def test_a_large_approval_needs_a_proposal_first(world, four_eyes_program):
    case = case_in(world, CaseState.IN_REVIEW, program=four_eyes_program)

    reasons = refused(case, "approve", world.lead, amount=60_000_000, recently_verified=True)

    assert reasons == [
        "Above 50,000,000 won, an approval needs a proposal first: propose it, and a "
        "colleague approves."
    ]


def test_a_large_approval_is_not_made_by_the_one_who_proposed_it_but_by_a_colleague(
    world, four_eyes_program
):
    case = case_in(world, CaseState.IN_REVIEW, program=four_eyes_program)
    services.transition(
        case=case, action="recommend", by=world.lead, outcome=Outcome.APPROVE, amount=60_000_000
    )

    reasons = refused(case, "approve", world.lead, amount=60_000_000, recently_verified=True)
    approved = services.transition(
        case=case, action="approve", by=world.deputy, amount=60_000_000, recently_verified=True
    )

    assert reasons == [
        "Above 50,000,000 won, the person who approves must not be the one who proposed."
    ]
    assert approved.state == CaseState.APPROVED
    assert (approved.approved_amount, approved.decided_by) == (60_000_000, world.deputy)


def test_an_approval_up_to_the_limit_needs_no_second_person(world, four_eyes_program):
    case = case_in(world, CaseState.IN_REVIEW, program=four_eyes_program)

    approved = services.transition(case=case, action="approve", by=world.lead, amount=50_000_000)

    assert approved.state == CaseState.APPROVED


@pytest.mark.parametrize(
    ("outcome", "amount"), [(Outcome.APPROVE, 40_000_000), (Outcome.REJECT, None)]
)
def test_a_large_approval_is_not_made_beyond_what_a_colleague_proposed(
    world, four_eyes_program, outcome, amount
):
    case = case_in(
        world,
        CaseState.RECOMMENDED,
        program=four_eyes_program,
        recommended_outcome=outcome,
        recommended_amount=amount,
        recommended_by=world.officer,
    )

    reasons = refused(case, "approve", world.lead, amount=60_000_000, recently_verified=True)

    assert reasons == [
        "Above 50,000,000 won, an approval needs a proposal first: propose it, and a "
        "colleague approves."
    ]


def test_a_rejection_needs_a_reason(world):
    case = case_in(world, CaseState.IN_REVIEW)

    assert refused(case, "reject", world.lead, reasons=[], explanation="No.") == [
        "Choose at least one reason for the rejection."
    ]


def test_the_other_reason_for_a_rejection_needs_an_explanation(world):
    case = case_in(world, CaseState.RECOMMENDED)

    reasons = refused(
        case, "reject", world.lead, reasons=[RejectionReason.INCOMPLETE, "other"], explanation=" "
    )

    assert reasons == ["Explain the other reason."]


def test_a_request_for_information_asks_for_something(world):
    case = case_in(world, CaseState.IN_REVIEW)
    data = {**valid_data(world, case, "request_info"), "items": []}

    assert refused(case, "request_info", world.officer, **data) == [
        "Ask for at least one thing: a field, a document or a question."
    ]


def test_a_request_for_information_is_not_due_today(world):
    case = case_in(world, CaseState.IN_REVIEW)
    data = {**valid_data(world, case, "request_info"), "due_on": sla.today()}

    assert refused(case, "request_info", world.officer, **data) == [
        "The answer must be due after today."
    ]


def test_the_answers_are_not_sent_while_an_item_is_unanswered(world):
    case = case_in(world, CaseState.INFO_REQUESTED)
    request = case.information_requests.get()
    InformationItem.objects.create(
        request=request, kind=InformationItem.Kind.FIELD, field="target_city"
    )
    question = request.items.get(kind=InformationItem.Kind.QUESTION)

    reasons = refused(case, "answer_info", world.applicant, answers={question.pk: "Power Ltd."})

    assert reasons == ["Not answered yet: Target city"]


def test_a_case_is_not_assigned_to_an_official_of_another_center(world):
    case = case_in(world, CaseState.SUBMITTED)

    reasons = refused(case, "assign", world.lead, assignee=world.elsewhere)

    assert reasons == [f"{world.elsewhere} does not work at {world.center}."]


def test_a_reassignment_says_why(world):
    case = case_in(world, CaseState.IN_REVIEW)

    reasons = refused(case, "reassign", world.lead, assignee=world.colleague, reason="  ")

    assert reasons == ["Say why."]


def test_a_case_nobody_has_is_given_to_an_official_without_a_reason(world):
    case = case_in(world, CaseState.IN_REVIEW, assigned_to=None)

    done = services.transition(
        case=case, action="reassign", by=world.lead, assignee=world.colleague
    )

    assert (done.state, done.assigned_to) == (CaseState.IN_REVIEW, world.colleague)
