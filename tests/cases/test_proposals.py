"""Proposals and decisions kept as rows: a proposal sent back stays on record with who sent it
back and why; the decision names the proposal it followed. And what a transition writes:
only the columns it changed, then (the case written) whom it tells."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone, translation

from cases import services
from cases.models import Decision, Outcome, Recommendation, RejectionReason
from tests.factories import CompanyFactory, ProgramFactory, UserFactory


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def propose(case, by, amount=40_000_000, **data):
    return services.transition(
        case=case, action="recommend", by=by, outcome=Outcome.APPROVE, amount=amount, **data
    )


def test_a_proposal_sent_back_stays_on_record_beside_the_one_approved(case, beijing_official, lead):
    propose(case, beijing_official, amount=50_000_000, note="The buyer is solid.")
    services.transition(
        case=case, action="send_back", by=lead, reason="Check the buyer's credit first."
    )
    propose(case, beijing_official, amount=40_000_000, conditions="Report in a year.")
    services.transition(case=case, action="approve", by=lead, amount=40_000_000)

    first, second = Recommendation.objects.filter(case=case)
    assert (first.outcome, first.amount, first.note, first.recommended_by) == (
        Outcome.APPROVE,
        50_000_000,
        "The buyer is solid.",
        beijing_official,
    )
    assert (first.status, first.resolved_by, first.sent_back_reason) == (
        Recommendation.Status.SENT_BACK,
        lead,
        "Check the buyer's credit first.",
    )
    assert (second.amount, second.conditions, second.status, second.resolved_by) == (
        40_000_000,
        "Report in a year.",
        Recommendation.Status.APPROVED,
        lead,
    )
    decision = Decision.objects.get(case=case)
    assert (decision.outcome, decision.amount, decision.decided_by, decision.recommendation) == (
        Outcome.APPROVE,
        40_000_000,
        lead,
        second,
    )


def test_a_rejection_after_a_proposal_marks_it_and_keeps_the_reasons(case, beijing_official, lead):
    propose(case, beijing_official)

    services.transition(
        case=case,
        action="reject",
        by=lead,
        reasons=[RejectionReason.NOT_VIABLE],
        explanation="No buyer named.",
    )

    proposal = Recommendation.objects.get(case=case)
    decision = Decision.objects.get(case=case)
    assert proposal.status == Recommendation.Status.REJECTED
    assert (decision.outcome, decision.amount, decision.reasons, decision.explanation) == (
        Outcome.REJECT,
        None,
        [RejectionReason.NOT_VIABLE],
        "No buyer named.",
    )
    assert decision.recommendation == proposal


def test_a_decision_without_a_proposal_follows_none(case, lead):
    services.transition(case=case, action="approve", by=lead, amount=30_000_000)

    assert Decision.objects.get(case=case).recommendation is None
    assert not Recommendation.objects.exists()


def test_a_withdrawal_ends_the_waiting_proposal(case, applicant, beijing_official):
    propose(case, beijing_official)

    services.case_withdraw(case=case, by=applicant, reason="We found a bank loan.")

    proposal = Recommendation.objects.get(case=case)
    assert (proposal.status, proposal.resolved_by) == (Recommendation.Status.WITHDRAWN, applicant)
    assert not Decision.objects.exists()


def test_a_refused_decision_leaves_the_proposal_waiting(case, beijing_official, lead):
    propose(case, beijing_official)
    program = case.program
    program.committed = program.budget - 1_000_000
    program.save(update_fields=["committed"])

    with pytest.raises(services.CaseError):
        services.transition(case=case, action="approve", by=lead, amount=40_000_000)

    assert Recommendation.objects.get(case=case).status == Recommendation.Status.PENDING
    assert not Decision.objects.exists()


# The migration -------------------------------------------------------------------------------

BEFORE_THE_ROWS = [("cases", "0009_announcement_moves_to_outreach")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_cases_proposed_or_decided_before_the_rows_get_theirs():
    company = CompanyFactory()
    official, lead, applicant = UserFactory(), UserFactory(), UserFactory()
    programs = [ProgramFactory() for _ in range(4)]
    proposed_at = timezone.now() - datetime.timedelta(days=3)
    decided_at = timezone.now() - datetime.timedelta(days=1)
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        old = migrate(BEFORE_THE_ROWS)
        OldCase, OldEvent = old.get_model("cases", "Case"), old.get_model("cases", "CaseEvent")

        def old_case(number, state, **fields):
            case = OldCase.objects.create(
                company_id=company.pk,
                program_id=programs[number].pk,
                created_by_id=applicant.pk,
                state=state,
                reference=f"OLD-{number}",
                submitted_at=proposed_at,
                **fields,
            )
            return case.pk

        proposal = {
            "recommended_outcome": "approve",
            "recommended_amount": 20_000_000,
            "recommended_by_id": official.pk,
            "decision_conditions": "Yearly report.",
        }
        waiting = old_case(0, "recommended", **proposal)
        OldEvent.objects.create(
            case_id=waiting, action="recommend", actor_id=official.pk, created_at=proposed_at
        )
        decided = {"decided_by_id": lead.pk, "decided_at": decided_at}
        followed = old_case(1, "approved", approved_amount=20_000_000, **decided, **proposal)
        rejected = old_case(
            2, "rejected", rejection_reasons=["budget"], decision_explanation="Spent.", **decided
        )
        withdrawn = old_case(3, "withdrawn", **proposal)
        OldEvent.objects.create(
            case_id=withdrawn, action="withdraw", actor_id=applicant.pk, created_at=decided_at
        )
    finally:
        migrate(latest)

    pending = Recommendation.objects.get(case=waiting)
    assert (pending.status, pending.amount, pending.recommended_by_id, pending.recommended_at) == (
        Recommendation.Status.PENDING,
        20_000_000,
        official.pk,
        proposed_at,
    )
    approval = Decision.objects.get(case=followed)
    assert (approval.outcome, approval.amount, approval.decided_by_id) == (
        Outcome.APPROVE,
        20_000_000,
        lead.pk,
    )
    assert approval.recommendation.status == Recommendation.Status.APPROVED
    rejection = Decision.objects.get(case=rejected)
    assert (rejection.outcome, rejection.reasons, rejection.explanation) == (
        Outcome.REJECT,
        ["budget"],
        "Spent.",
    )
    assert rejection.recommendation is None
    gone = Recommendation.objects.get(case=withdrawn)
    assert (gone.status, gone.resolved_by_id, gone.resolved_at) == (
        Recommendation.Status.WITHDRAWN,
        applicant.pk,
        decided_at,
    )
