"""What the transitions write: stale forms refused, the SLA clock stopped and resumed by
information requests, the budget committed."""

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from cases import services
from cases.errors import StaleCase
from cases.models import (
    CaseState,
    RejectionReason,
)
from programs.models import Program
from tests.cases.workflow_world import (
    SEOUL,
    case_in,
    official_of,
    valid_data,
    written,
)
from tests.factories import (
    PDF_BYTES,
    DocumentTypeFactory,
    ProgramFactory,
)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


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
