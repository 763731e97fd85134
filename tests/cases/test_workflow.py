"""The workflow table, walked row by row: who may take each action from each state, what each
guard refuses, and what the transitions write. A new row is tested by the table-driven tests
below without new code (give it valid data in VALID_DATA if it needs more than a reason)."""

import pytest
from django.utils import translation

from cases import services
from cases.models import (
    CaseState,
)
from cases.workflow import (
    LEAD,
    OFFICER,
    ROLE_NAMES,
    roles_of,
)
from tests.cases.workflow_world import (
    PERSONAS,
    case_in,
    program_for,
    refused,
    role_cases,
    state_cases,
    valid_data,
)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


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
