"""The small world the workflow tests act in: company A, the Beijing center's staff, and
helpers that put a case in any state of the table. The fixture `world` is in conftest.py."""

import itertools
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from cases import services, sla
from cases.errors import CaseError
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
    TRANSITIONS,
)
from centers.models import TradeOfficial
from programs.models import Program
from tests.factories import (
    CaseFactory,
    DocumentFactory,
    ProgramFactory,
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
