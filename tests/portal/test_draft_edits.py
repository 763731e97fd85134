"""The draft form: a refused value is named at its field with everything typed kept, and two
members editing one draft cannot overwrite each other unseen."""

import ast
import pathlib
import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse

from cases import services
from cases.errors import StaleCase
from cases.models import Case, CaseEvent
from tests.cases.test_workflow_races import at_once
from tests.factories import CaseFactory, CompanyMemberFactory, ProgramFactory


@pytest.fixture
def company(applicant):
    return applicant.company_memberships.get().company


@pytest.fixture
def colleague(company):
    return CompanyMemberFactory(company=company, user__full_name="Kim Colleague").user


@pytest.fixture
def draft(company, applicant):
    program = ProgramFactory(min_amount=10_000_000, max_amount=100_000_000)
    return CaseFactory(company=company, program=program, created_by=applicant)


def typed(**overrides):
    return {
        "amount_requested": "50000000",
        "purpose": "Open a distribution channel in Shanghai for our cells.",
        "target_province": "CN-SH",
        "target_city": "Shanghai",
        "planned_exports_to_china": "1250000.50",
        "intent": "save",
        **overrides,
    }


def shown_version(response) -> str:
    return re.search(r'name="version" value="(\d+)"', response.content.decode()).group(1)


def edit(client, case):
    return reverse("portal:edit", args=[case.pk])


# A refused value


def test_a_negative_planned_export_figure_is_named_at_its_field_and_the_rest_kept(
    client, applicant, draft
):
    Case.objects.filter(pk=draft.pk).update(planned_exports_to_china=Decimal("100.00"))
    client.force_login(applicant)
    version = shown_version(client.get(edit(client, draft)))

    response = client.post(
        edit(client, draft), typed(planned_exports_to_china="-5", version=version)
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Ensure this value is greater than or equal to 0." in page
    assert 'value="-5"' in page  # what was typed is on screen, to correct
    assert "Open a distribution channel in Shanghai" in page
    draft.refresh_from_db()
    assert draft.planned_exports_to_china == Decimal("100.00")  # the refused figure: not saved


def test_no_form_sets_a_bound_after_building_its_field():
    """A bound set on a built field (`field.min_value = 0`) changes the widget and checks
    nothing: the database is left to refuse, with a server error."""
    bounds = {"min_value", "max_value", "min_length", "max_length", "max_digits"}
    late = []
    for app in ("portal", "desk", "staffing", "accounts", "programs", "applicants", "centers"):
        for path in (pathlib.Path(settings.BASE_DIR) / app).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.Assign | ast.AugAssign):
                    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                    late += [
                        f"{path}:{node.lineno}"
                        for target in targets
                        if isinstance(target, ast.Attribute) and target.attr in bounds
                    ]
    assert late == []


# Two members, one draft: the service


def test_a_save_that_changes_something_raises_the_version_and_says_what(applicant, draft):
    before = Case.objects.get(pk=draft.pk).version

    case = services.case_save_draft(
        case=draft,
        by=applicant,
        values={"amount_requested": 60_000_000, "target_city": "Chengdu"},
        seen_version=before,
    )
    services.case_save_draft(
        case=case, by=applicant, values={"target_city": "Chengdu"}, seen_version=case.version
    )

    event = CaseEvent.objects.get(case=draft, action="edit")
    assert case.version == event.version == before + 1  # the second save changed nothing
    assert event.note == "Amount requested (KRW): 60,000,000 won; Target city: Chengdu"


def test_a_save_from_a_form_shown_before_a_colleagues_save_is_refused(applicant, colleague, draft):
    seen = Case.objects.get(pk=draft.pk).version
    services.case_save_draft(
        case=draft, by=colleague, values={"amount_requested": 60_000_000}, seen_version=seen
    )

    with pytest.raises(StaleCase) as stale:
        services.case_save_draft(
            case=draft,
            by=applicant,
            values={"amount_requested": 40_000_000, "purpose": "Mine"},
            seen_version=seen,
        )

    [change] = stale.value.changes
    assert (change.action, change.actor, change.note) == (
        "edit",
        colleague,
        "Amount requested (KRW): 60,000,000 won",
    )
    draft.refresh_from_db()
    assert (draft.amount_requested, draft.purpose) == (60_000_000, "")


# Two members, one draft: the pages


def test_the_second_member_is_shown_what_changed_and_keeps_what_they_typed(
    client, applicant, colleague, draft
):
    client.force_login(applicant)
    mine = shown_version(client.get(edit(client, draft)))
    client.force_login(colleague)
    theirs = shown_version(client.get(edit(client, draft)))
    client.post(edit(client, draft), typed(amount_requested="60000000", version=theirs))

    client.force_login(applicant)
    response = client.post(
        edit(client, draft), typed(purpose="My own words about Shanghai.", version=mine)
    )

    page = response.content.decode()
    assert response.status_code == 409
    assert "Someone else saved this application while you were editing it" in page
    assert "Kim Colleague" in page
    assert "Amount requested (KRW): 60,000,000 won" in page
    assert "My own words about Shanghai." in page  # kept on screen
    draft.refresh_from_db()
    assert (draft.amount_requested, draft.purpose) == (60_000_000, typed()["purpose"])

    # Having seen the change, saving again is deliberate, and goes through.
    again = client.post(
        edit(client, draft),
        typed(purpose="My own words about Shanghai.", version=shown_version(response)),
    )
    assert again.status_code == 302
    draft.refresh_from_db()
    assert (draft.amount_requested, draft.purpose) == (50_000_000, "My own words about Shanghai.")


def test_a_member_correcting_a_refused_field_is_not_told_of_their_own_save(
    client, applicant, draft
):
    client.force_login(applicant)
    version = shown_version(client.get(edit(client, draft)))
    refused = client.post(edit(client, draft), typed(amount_requested="1", version=version))

    corrected = client.post(
        edit(client, draft), typed(amount_requested="20000000", version=shown_version(refused))
    )

    assert corrected.status_code == 302
    draft.refresh_from_db()
    assert draft.amount_requested == 20_000_000


@pytest.mark.needs_postgres
@pytest.mark.django_db(transaction=True)
def test_two_members_saving_the_same_version_at_once_cannot_both_win(applicant, colleague):
    company = applicant.company_memberships.get().company
    draft = CaseFactory(company=company, program=ProgramFactory(), created_by=applicant)
    seen = draft.version

    results = at_once(
        [
            lambda by=by, city=city: services.case_save_draft(
                case=draft, by=by, values={"target_city": city}, seen_version=seen
            )
            for by, city in ((applicant, "Chengdu"), (colleague, "Wuhan"))
        ]
    )

    [winner] = [r for r in results if isinstance(r, Case)]
    [loser] = [r for r in results if isinstance(r, StaleCase)]
    assert [change.note for change in loser.changes] == [f"Target city: {winner.target_city}"]
    assert Case.objects.get(pk=draft.pk).target_city == winner.target_city
