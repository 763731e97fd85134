"""The bar on acting as staff on a case of a company one belongs to or declared a conflict
with, walked over every staff row of the workflow table, and where the case goes instead."""

import pytest
from django.core.exceptions import ValidationError

from cases import declarations, services
from cases.conflicts import ConflictOfInterest
from cases.errors import CaseError
from cases.models import CaseState
from cases.workflow import APPLICANT, STAFF, TRANSITIONS, can, roles_of
from centers.models import StaffAssignment, TradeOfficial
from tests.cases.workflow_world import case_in, program_for, valid_data
from tests.factories import CompanyMemberFactory, StaffAssignmentFactory

MEMBER = "You cannot act on this case: you are a member of the applying company."
DECLARED = (
    "You cannot act on this case: you declared a conflict of interest with the applying company."
)

STAFF_ROWS = [
    (row.action, state) for row in TRANSITIONS if row.roles & STAFF for state in row.sources
]


def case_for(world, action, state):
    """A case in `state` of a program the action is for (a kind's own rows: that kind)."""
    row = next(row for row in TRANSITIONS if row.action == action)
    return case_in(world, state, program=program_for(world, row))


@pytest.mark.parametrize(("action", "state"), STAFF_ROWS)
def test_a_lead_who_is_a_member_of_the_company_is_refused_every_staff_action(world, action, state):
    case = case_for(world, action, state)
    CompanyMemberFactory(company=case.company, user=world.lead)

    assert can(world.lead, case, action) == (False, MEMBER)
    with pytest.raises(CaseError) as refused:
        services.transition(
            case=case, action=action, by=world.lead, **valid_data(world, case, action)
        )
    assert refused.value.reasons == [MEMBER]
    case.refresh_from_db()
    assert case.state == state


@pytest.mark.parametrize(("action", "state"), STAFF_ROWS)
def test_an_administrator_with_a_declared_conflict_is_refused_every_staff_action(
    world, action, state
):
    case = case_for(world, action, state)
    ConflictOfInterest.objects.create(
        person=world.administrator, company=case.company, kind="stake"
    )

    assert can(world.administrator, case, action) == (False, DECLARED)


def test_a_staff_member_keeps_the_applicants_part_in_the_portal(world):
    case = case_in(world, CaseState.IN_REVIEW)
    CompanyMemberFactory(company=case.company, user=world.officer)

    assert roles_of(world.officer, case) == {APPLICANT}
    assert can(world.officer, case, "withdraw") == (True, "")


def test_an_ended_declaration_bars_no_longer(world):
    case = case_in(world, CaseState.SUBMITTED)
    conflict = declarations.conflict_declare(
        person=world.officer, company=case.company, kind="former_employee"
    )
    assert can(world.officer, case, "take") == (False, DECLARED)

    declarations.conflict_end(conflict=conflict, by=world.officer)

    assert can(world.officer, case, "take") == (True, "")


def test_a_declaration_says_what_the_other_tie_is_and_is_made_once(world):
    with pytest.raises(ValidationError):
        declarations.conflict_declare(person=world.officer, company=world.company, kind="other")
    declarations.conflict_declare(person=world.officer, company=world.company, kind="stake")
    with pytest.raises(ValidationError):
        declarations.conflict_declare(person=world.officer, company=world.company, kind="stake")
    assert ConflictOfInterest.objects.count() == 1


def test_routing_never_suggests_a_conflicted_official(world):
    case = case_in(world, CaseState.DRAFT)
    # The officer carries no case, the colleague one: the officer would be suggested.
    other = CompanyMemberFactory().company
    case_in(world, CaseState.SUBMITTED, company=other, suggested_official=world.colleague)
    ConflictOfInterest.objects.create(person=world.officer, company=case.company, kind="stake")

    services.case_submit(case=case, by=world.applicant)

    case.refresh_from_db()
    assert case.suggested_official == world.colleague


def test_a_release_hands_nobody_a_case_of_a_company_they_are_conflicted_with(world):
    from cases.handover import official_release

    officer = TradeOfficial.objects.get(user=world.officer)
    case = case_in(world, CaseState.IN_REVIEW)
    ConflictOfInterest.objects.create(
        person=world.colleague.user, company=case.company, kind="stake"
    )
    free = StaffAssignmentFactory(center=world.center).official

    official_release(
        official=officer,
        by=world.administrator,
        reason="Back to Seoul.",
        handover_to=world.colleague,
    )

    case.refresh_from_db()
    assert case.assigned_to == free


def test_headquarters_stands_in_only_when_every_lead_of_the_center_is_barred(world, shanghai):
    StaffAssignment.objects.filter(official__user__in=[world.lead, world.deputy]).update(
        center=shanghai
    )
    hq_lead = StaffAssignmentFactory(
        center=world.center, role=StaffAssignment.Role.LEAD
    ).official.user
    case = case_in(world, CaseState.IN_REVIEW, center=shanghai)
    CompanyMemberFactory(company=case.company, user=world.lead)
    assert can(hq_lead, case, "approve")[0] is False  # the deputy is free to decide

    ConflictOfInterest.objects.create(person=world.deputy, company=case.company, kind="stake")

    assert can(hq_lead, case, "approve") == (True, "")
    assert roles_of(hq_lead, case).standing_in
