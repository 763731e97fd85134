"""What a transition writes: only the columns of the case it changed; then, the case written
in its new state, whom it tells (in the same transaction, so a rollback tells nobody)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from cases import notices, services, workflow
from cases.models import Case, CaseState, Outcome, RejectionReason
from notifications.models import Notification


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_a_transition_writes_only_the_columns_it_changed(case, beijing_official):
    with CaptureQueriesContext(connection) as queries:
        services.transition(
            case=case,
            action="recommend",
            by=beijing_official,
            outcome=Outcome.REJECT,
            reasons=[RejectionReason.BUDGET],
        )

    [update] = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith('UPDATE "cases_case" SET') and '"state"' in q["sql"]
    ]
    written = update.split(" SET ", 1)[1].split(" WHERE ", 1)[0]
    for column in ("state", "recommended_outcome", "recommended_by_id", "rejection_reasons"):
        assert f'"{column}"' in written
    for column in ("purpose", "amount_requested", "center_id", "assigned_to_id", "reference"):
        assert f'"{column}"' not in written


def test_notices_are_a_step_after_the_writes_never_an_effect():
    for row in workflow.TRANSITIONS:
        assert not [e for e in row.effects if e.__module__ == notices.__name__], row.action


def test_a_notice_finds_the_case_written_in_its_new_state(case, lead, monkeypatch):
    seen = []
    row = workflow.transitions_for(case.program.kind)["approve"]
    told = row.notices

    def spy(case, by, data):
        stored = Case.objects.get(pk=case.pk)
        seen.append((stored.state, stored.approved_amount, case.events.last().action))

    monkeypatch.setattr(
        workflow,
        "TRANSITIONS",
        [
            workflow.Transition(**{**r.__dict__, "notices": (spy, *told)}) if r is row else r
            for r in workflow.TRANSITIONS
        ],
    )

    services.transition(case=case, action="approve", by=lead, amount=30_000_000)

    assert seen == [(CaseState.APPROVED, 30_000_000, "approve")]
    assert Notification.objects.filter(kind="decision").exists()
