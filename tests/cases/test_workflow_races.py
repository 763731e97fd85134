"""Transitions racing each other: PostgreSQL, one connection per thread, all let go at once."""

import threading

import pytest
from django.db import connection
from django.utils import timezone, translation

from cases import services, sla
from cases.errors import CaseError
from cases.models import Case, CaseEvent, CaseState, Outcome, RejectionReason
from centers.models import StaffAssignment, TradeOfficial
from programs.models import Program
from tests.factories import CaseFactory, CompanyFactory, ProgramFactory, StaffAssignmentFactory

AMOUNT = 20_000_000


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def submitted_case(*, program, center, state, number, **fields) -> Case:
    now = timezone.now()
    return CaseFactory(
        company=CompanyFactory(),
        program=program,
        state=state,
        reference=f"RACE-{number:04d}",
        submitted_at=now,
        center=center,
        amount_requested=AMOUNT,
        first_response_due=sla.add_business_days(sla.today(), 3),
        decision_due=sla.add_business_days(sla.today(), 20),
        **fields,
    )


def at_once(actions) -> list:
    """Run each action in its own thread and connection, all released together; returns
    each one's result, or the CaseError it raised, in the order given."""
    start = threading.Barrier(len(actions))
    results = [None] * len(actions)

    def run(index, action):
        try:
            with translation.override("en"):
                start.wait()
                results[index] = action()
        except CaseError as error:
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.mark.needs_postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_approvals_at_once_commit_no_more_than_the_budget(lead, beijing, beijing_official):
    program = ProgramFactory(budget=7 * AMOUNT + AMOUNT // 2, four_eyes_above=100_000_000)
    cases = [
        submitted_case(
            program=program,
            center=beijing,
            number=number,
            **(
                {
                    "state": CaseState.RECOMMENDED,
                    "recommended_outcome": Outcome.APPROVE,
                    "recommended_amount": AMOUNT,
                    "recommended_by": beijing_official,
                }
                if number % 2
                else {"state": CaseState.IN_REVIEW}
            ),
        )
        for number in range(20)
    ]

    results = at_once(
        [
            lambda case=case: services.transition(
                case=case, action="approve", by=lead, amount=AMOUNT
            )
            for case in cases
        ]
    )

    refusals = [r.reasons for r in results if isinstance(r, CaseError)]
    assert len(refusals) == 13
    assert all(
        reasons == ["The program's budget has 10,000,000 won left, less than this amount."]
        for reasons in refusals
    )
    approved = Case.objects.filter(state=CaseState.APPROVED)
    assert approved.count() == 7
    assert {r.pk for r in results if isinstance(r, Case)} == set(
        approved.values_list("pk", flat=True)
    )
    committed = Program.objects.values_list("committed", flat=True).get(pk=program.pk)
    assert committed == sum(approved.values_list("approved_amount", flat=True)) == 7 * AMOUNT
    assert CaseEvent.objects.filter(action="approve").count() == 7
    refused = Case.objects.exclude(state=CaseState.APPROVED)
    assert set(refused.values_list("version", flat=True)) == {0}


@pytest.mark.needs_postgres
@pytest.mark.django_db(transaction=True)
def test_two_officials_taking_one_case_at_once_leave_it_with_one(beijing, beijing_official):
    colleague = StaffAssignmentFactory(center=beijing).official.user
    case = submitted_case(
        program=ProgramFactory(), center=beijing, number=1, state=CaseState.SUBMITTED
    )
    takers = [beijing_official, colleague]

    results = at_once(
        [lambda by=by: services.transition(case=case, action="take", by=by) for by in takers]
    )

    errors = [r for r in results if isinstance(r, CaseError)]
    winners = [by for by, r in zip(takers, results, strict=True) if isinstance(r, Case)]
    assert len(winners) == 1 and len(errors) == 1
    assert errors[0].reasons == ["This is not possible while the case is “In review”."]
    case.refresh_from_db()
    assert case.state == CaseState.IN_REVIEW
    assert case.assigned_to == TradeOfficial.objects.get(user=winners[0])
    assert case.version == 1
    assert list(case.events.values_list("action", "actor")) == [("take", winners[0].pk)]


@pytest.mark.needs_postgres
@pytest.mark.django_db(transaction=True)
def test_an_approval_and_a_rejection_at_once_leave_one_decision(lead, beijing, beijing_official):
    deputy = StaffAssignmentFactory(center=beijing, role=StaffAssignment.Role.LEAD).official.user
    program = ProgramFactory()
    case = submitted_case(
        program=program,
        center=beijing,
        number=1,
        state=CaseState.RECOMMENDED,
        assigned_to=TradeOfficial.objects.get(user=beijing_official),
        recommended_outcome=Outcome.APPROVE,
        recommended_amount=AMOUNT,
        recommended_by=beijing_official,
    )

    approval, rejection = at_once(
        [
            lambda: services.transition(case=case, action="approve", by=lead, amount=AMOUNT),
            lambda: services.transition(
                case=case, action="reject", by=deputy, reasons=[RejectionReason.NOT_VIABLE]
            ),
        ]
    )

    case.refresh_from_db()
    program.refresh_from_db()
    outcomes = sorted(type(r).__name__ for r in (approval, rejection))
    assert outcomes == ["Case", "CaseError"]
    loser = approval if isinstance(approval, CaseError) else rejection
    assert loser.reasons == [
        f"This is not possible while the case is “{CaseState(case.state).label}”."
    ]
    assert case.version == 1
    (event,) = case.events.all()
    if isinstance(approval, Case):
        assert (case.state, event.action, program.committed) == (
            CaseState.APPROVED,
            "approve",
            AMOUNT,
        )
    else:
        assert (case.state, event.action, program.committed) == (CaseState.REJECTED, "reject", 0)
