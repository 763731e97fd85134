"""The workflow table, walked row by row: who may take each action from each state, what each
guard refuses, and what the transitions write. A new row is tested by the table-driven tests
below without new code (give it valid data in VALID_DATA if it needs more than a reason)."""

import datetime
import itertools
from decimal import Decimal
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from cases import services, sla
from cases.errors import CaseError, StaleCase
from cases.models import (
    Case,
    CaseEvent,
    CaseState,
    Document,
    InformationItem,
    InformationRequest,
    Outcome,
    RejectionReason,
)
from cases.workflow import (
    ADMINISTRATOR,
    APPLICANT,
    LEAD,
    OFFICER,
    ROLE_NAMES,
    TRANSITIONS,
    roles_of,
)
from centers.models import StaffAssignment, TradeOfficial
from programs.models import Program
from tests.factories import (
    PDF_BYTES,
    CaseFactory,
    DocumentFactory,
    DocumentTypeFactory,
    ProgramFactory,
    StaffAssignmentFactory,
)

SEOUL = ZoneInfo("Asia/Seoul")

# Who acts, and the roles each has on a case of company A at the Beijing center.
PERSONAS = {
    "applicant": {APPLICANT},
    "officer": {OFFICER},
    "lead": {OFFICER, LEAD},
    "administrator": {ADMINISTRATOR},
    "other-company": set(),
    "other-center": set(),
}

_references = itertools.count(1)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


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


def official_of(user) -> TradeOfficial:
    return TradeOfficial.objects.get(user=user)


def case_in(world, state, *, program=None, **fields) -> Case:
    """A case of company A in `state`, with what a case there has: a complete application
    (with its document) as a draft; a reference, a center and clocks once submitted; an
    official once in review; a proposal when recommended; an open request for information."""
    now = timezone.now()
    today = sla.today()
    values = {
        "company": world.company,
        "program": program or world.program,
        "created_by": world.applicant,
        "state": state,
        "amount_requested": 60_000_000,
        "purpose": "Open a distribution channel in Shanghai for our cells.",
        "target_province": "CN-SH",
        "target_city": "Shanghai",
        "planned_exports_to_china": Decimal("1250000.00"),
    }
    if state != CaseState.DRAFT:
        values.update(
            reference=f"TST-{next(_references):06d}",
            submitted_at=now,
            center=world.center,
            suggested_official=official_of(world.officer),
            first_response_due=sla.add_business_days(today, 3),
            decision_due=sla.add_business_days(today, 20),
        )
        values["sla_due"] = values["first_response_due"]
    if state in (CaseState.IN_REVIEW, CaseState.INFO_REQUESTED, CaseState.RECOMMENDED):
        values.update(assigned_to=official_of(world.officer), first_response_at=now)
        values["sla_due"] = values["decision_due"]
    if state == CaseState.INFO_REQUESTED:
        values.update(sla_due=None, sla_paused_at=now)
    if state == CaseState.RECOMMENDED:
        values.update(
            recommended_outcome=Outcome.APPROVE,
            recommended_amount=20_000_000,
            recommended_by=world.officer,
        )
    if state in (CaseState.APPROVED, CaseState.REJECTED):
        values.update(decided_by=world.lead, decided_at=now)
    values.update(fields)
    case = CaseFactory(**values)
    if state == CaseState.DRAFT:
        for document_type in case.program.required_documents.all():
            DocumentFactory(case=case, document_type=document_type, uploaded_by=world.applicant)
    if state == CaseState.INFO_REQUESTED:
        request = InformationRequest.objects.create(
            case=case,
            message="We need to know more.",
            due_on=sla.add_business_days(today, 5),
            requested_by=world.officer,
        )
        InformationItem.objects.create(
            request=request, kind=InformationItem.Kind.QUESTION, question="Who is your buyer?"
        )
    return case


def open_items(case):
    return InformationItem.objects.filter(request__case=case, request__answered_at__isnull=True)


# The data each action takes, valid for a case built by case_in() in one of its sources.
VALID_DATA = {
    "submit": lambda world, case: {},
    "take": lambda world, case: {},
    "assign": lambda world, case: {"assignee": official_of(world.officer)},
    "reassign": lambda world, case: {"assignee": world.colleague, "reason": "Holidays."},
    "request_info": lambda world, case: {
        "message": "The plan leaves out the buyer.",
        "due_on": sla.add_business_days(sla.today(), 5),
        "items": [{"kind": "question", "question": "Who buys the cells?"}],
    },
    "answer_info": lambda world, case: {
        "answers": {item.pk: "Shanghai Power Ltd." for item in open_items(case)}
    },
    "recommend": lambda world, case: {"outcome": Outcome.APPROVE, "amount": 20_000_000},
    "approve": lambda world, case: {"amount": 20_000_000, "conditions": "Report in a year."},
    "reject": lambda world, case: {
        "reasons": [RejectionReason.NOT_VIABLE],
        "explanation": "No buyer named.",
    },
}


def valid_data(world, case, action) -> dict:
    # withdraw, send_back, close (and a new row that needs no more) take a reason.
    builder = VALID_DATA.get(action, lambda world, case: {"reason": "As discussed by phone."})
    return builder(world, case)


def program_for(world, row):
    if row.kinds is None:
        return world.program
    return ProgramFactory(kind=sorted(row.kinds)[0], required_documents=[world.business_plan])


def written(case) -> dict:
    """Everything a transition may write about the case."""
    return {
        "case": Case.objects.filter(pk=case.pk).values().get(),
        "events": list(CaseEvent.objects.filter(case=case).values_list("pk", flat=True)),
        "requests": list(
            InformationRequest.objects.filter(case=case).values_list("pk", "answered_at")
        ),
        "items": list(
            InformationItem.objects.filter(request__case=case).values_list("pk", "answer")
        ),
        "documents": list(Document.objects.filter(case=case).values_list("pk", flat=True)),
        "committed": Program.objects.values_list("committed", flat=True).get(pk=case.program_id),
    }


def refused(case, action, by, **data) -> list[str]:
    """The reasons the transition is refused with; asserts it wrote nothing."""
    before = written(case)
    with pytest.raises(CaseError) as error:
        services.transition(case=case, action=action, by=by, **data)
    assert written(case) == before
    return error.value.reasons


def role_cases():
    for row in TRANSITIONS:
        for source in sorted(row.sources):
            for persona in PERSONAS:
                yield pytest.param(
                    row, source, persona, id=f"{row.action}-from-{source}-by-{persona}"
                )


def state_cases():
    for row in TRANSITIONS:
        for state in CaseState:
            if state not in row.sources:
                yield pytest.param(row, state, id=f"{row.action}-from-{state.value}")


@pytest.mark.parametrize(("row", "source", "persona"), list(role_cases()))
def test_each_action_is_taken_by_its_roles_only(world, row, source, persona):
    case = case_in(world, source, program=program_for(world, row))
    by = world.people[persona]
    roles = set(PERSONAS[persona])
    if case.center_id is None:  # a draft has no center, so nobody staffs it yet
        roles -= {OFFICER, LEAD}
    assert roles_of(by, case) == roles
    data = valid_data(world, case, row.action)

    if roles & row.roles:
        done = services.transition(case=case, action=row.action, by=by, **data)

        case.refresh_from_db()
        assert case.state == done.state == row.leads_to(source)
        assert case.version == 1
        event = case.events.get()
        assert (event.action, event.from_state, event.to_state, event.actor, event.version) == (
            row.action,
            source,
            case.state,
            by,
            1,
        )
    else:
        (reason,) = refused(case, row.action, by, **data)

        assert reason.startswith("Only ") and reason.endswith(" can do this.")
        for role in row.roles:
            assert str(ROLE_NAMES[role]) in reason
        for role in set(ROLE_NAMES) - row.roles:
            assert str(ROLE_NAMES[role]) not in reason


@pytest.mark.parametrize(("row", "state"), list(state_cases()))
def test_an_action_is_refused_in_a_state_it_does_not_start_from(world, row, state):
    case = case_in(world, state, program=program_for(world, row))
    # Someone who may take the action, so that only the state stands in the way.
    persona = next(p for p in ["applicant", "lead", "administrator"] if PERSONAS[p] & row.roles)

    reasons = refused(
        case, row.action, world.people[persona], **valid_data(world, case, row.action)
    )

    assert reasons == [f"This is not possible while the case is “{CaseState(state).label}”."]


# Guards ---------------------------------------------------------------------------------------


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


# Stale forms ----------------------------------------------------------------------------------


def test_acting_on_a_case_that_changed_since_it_was_seen_shows_what_changed(world):
    case = case_in(world, CaseState.IN_REVIEW)
    seen = case.version
    services.transition(
        case=case, action="reassign", by=world.lead, assignee=world.colleague, reason="Leave."
    )
    services.transition(
        case=case,
        action="reassign",
        by=world.deputy,
        assignee=official_of(world.officer),
        reason="Back.",
    )
    before = written(case)

    with pytest.raises(StaleCase) as stale:
        services.transition(
            case=case,
            action="request_info",
            by=world.officer,
            seen_version=seen,
            **valid_data(world, case, "request_info"),
        )

    assert [(e.action, e.actor, e.version) for e in stale.value.changes] == [
        ("reassign", world.lead, seen + 1),
        ("reassign", world.deputy, seen + 2),
    ]
    assert written(case) == before
    with pytest.raises(StaleCase) as stale:
        services.transition(
            case=case, action="request_info", by=world.officer, seen_version=seen + 1
        )
    assert [e.actor for e in stale.value.changes] == [world.deputy]


def test_acting_on_the_version_seen_goes_through(world):
    case = case_in(world, CaseState.IN_REVIEW, version=4)

    done = services.transition(
        case=case,
        action="request_info",
        by=world.officer,
        seen_version=4,
        **valid_data(world, case, "request_info"),
    )

    assert (done.state, done.version) == (CaseState.INFO_REQUESTED, 5)


# Information requests -------------------------------------------------------------------------


def test_a_request_for_information_stops_the_clock_until_the_company_answers(world):
    program = ProgramFactory(
        code="round-trip",
        required_documents=[world.business_plan],
        opens_at=datetime.datetime(2026, 1, 1, tzinfo=SEOUL),
        closes_at=datetime.datetime(2027, 1, 1, tzinfo=SEOUL),
    )
    contract = DocumentTypeFactory(code="export-contract", name_en="Export contract")
    with time_machine.travel(datetime.datetime(2026, 9, 21, 10, tzinfo=SEOUL), tick=False):
        case = case_in(world, CaseState.DRAFT, program=program)
        case = services.transition(case=case, action="submit", by=world.applicant)
        case = services.transition(case=case, action="take", by=world.officer)
    # 20 business days from Monday 21 September, Chuseok (24-25 Sep) and 5 Oct off.
    assert case.decision_due == case.sla_due == datetime.date(2026, 10, 23)

    with time_machine.travel(datetime.datetime(2026, 9, 22, 15, tzinfo=SEOUL), tick=False):
        case = services.transition(
            case=case,
            action="request_info",
            by=world.officer,
            message="The plan needs a contract and a sharper purpose.",
            due_on=datetime.date(2026, 10, 6),
            items=[
                {"kind": "field", "field": "purpose"},
                {"kind": "document", "document_type": contract},
                {"kind": "question", "question": "Who is your distributor in Shanghai?"},
            ],
        )
    case.refresh_from_db()
    assert case.state == CaseState.INFO_REQUESTED
    assert case.sla_due is None
    assert case.sla_paused_at == datetime.datetime(2026, 9, 22, 15, tzinfo=SEOUL)

    field, document, question = case.information_requests.get().items.all()
    # Answered on Thursday 1 October: the company held the case 5 business days (23, 28,
    # 29, 30 September and 1 October; Chuseok does not count).
    with time_machine.travel(datetime.datetime(2026, 10, 1, 11, tzinfo=SEOUL), tick=False):
        services.transition(
            case=case,
            action="answer_info",
            by=world.applicant,
            answers={
                field.pk: "Sell 2,000 battery packs a year through a Shanghai distributor.",
                document.pk: SimpleUploadedFile("contract.pdf", PDF_BYTES, "application/pdf"),
                question.pk: " Shanghai Power Distribution Ltd. ",
            },
        )

    case.refresh_from_db()
    assert case.state == CaseState.IN_REVIEW
    assert case.purpose == "Sell 2,000 battery packs a year through a Shanghai distributor."
    stored = case.documents.get(document_type=contract)
    assert stored.original_name == "contract.pdf"
    assert stored.file.read() == PDF_BYTES
    question.refresh_from_db()
    assert question.answer == "Shanghai Power Distribution Ltd."
    assert case.information_requests.get().answered_by == world.applicant
    assert case.sla_paused_at is None
    assert case.decision_due == case.sla_due == datetime.date(2026, 10, 30)
    assert list(case.events.values_list("action", flat=True)) == [
        "submit",
        "take",
        "request_info",
        "answer_info",
    ]


# Budget ---------------------------------------------------------------------------------------


def test_an_approval_commits_exactly_its_amount_to_the_budget(world):
    Program.objects.filter(pk=world.program.pk).update(committed=300_000_000)
    case = case_in(world, CaseState.RECOMMENDED)

    services.transition(case=case, action="approve", by=world.lead, amount=25_000_000)

    world.program.refresh_from_db()
    case.refresh_from_db()
    assert world.program.committed == 325_000_000
    assert (case.state, case.approved_amount, case.decided_by) == (
        CaseState.APPROVED,
        25_000_000,
        world.lead,
    )


def test_a_rejection_commits_nothing(world):
    Program.objects.filter(pk=world.program.pk).update(committed=300_000_000)
    case = case_in(world, CaseState.RECOMMENDED)

    services.transition(case=case, action="reject", by=world.lead, reasons=[RejectionReason.BUDGET])

    world.program.refresh_from_db()
    case.refresh_from_db()
    assert world.program.committed == 300_000_000
    assert (case.state, case.approved_amount, case.rejection_reasons) == (
        CaseState.REJECTED,
        None,
        ["budget"],
    )
