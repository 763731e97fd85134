"""The liaison's writes racing each other on PostgreSQL: one connection per thread, all let
go at once; the database's constraints and row locks decide."""

import datetime

import pytest
from django.utils import timezone

from centers.services import center_set_jurisdiction
from outreach import difficulties, opportunities
from outreach.models import Difficulty, DifficultyEntry, Interest
from tests.cases.test_workflow_races import at_once
from tests.factories import CompanyMemberFactory

pytestmark = [pytest.mark.needs_postgres, pytest.mark.django_db(transaction=True)]


def test_two_members_expressing_interest_at_once_record_it_once(official, shanghai):
    first = CompanyMemberFactory()
    company = first.company
    second = CompanyMemberFactory(company=company)
    opportunity = opportunities.opportunity_publish(
        center=shanghai,
        by=official,
        kind="buyer",
        title="Cells wanted",
        description="LFP cells.",
        province="CN-JS",
        deadline=timezone.localdate() + datetime.timedelta(days=10),
        sectors=[company.sector],
    )

    results = at_once(
        [
            lambda member=member: opportunities.interest_express(
                opportunity=opportunity, company=company, by=member.user, message=member.user.email
            )
            for member in (first, second)
        ]
    )

    assert Interest.objects.count() == 1
    assert sorted(created for _interest, created in results) == [False, True]
    assert {interest.pk for interest, _created in results} == {Interest.objects.get().pk}


def test_two_officials_closing_at_once_close_it_once(applicant, official, shanghai):
    center_set_jurisdiction(center=shanghai, provinces=["CN-SH"])
    difficulty = difficulties.difficulty_report(
        company=applicant.company_memberships.get().company,
        by=applicant,
        kind="customs",
        province="CN-SH",
        authority="Shanghai Customs",
        description="Held.",
    )

    results = at_once(
        [
            lambda outcome=outcome: difficulties.difficulty_close(
                difficulty=difficulty, by=official, outcome=outcome, reason=outcome
            )
            for outcome in ("resolved", "not_resolved")
        ]
    )

    difficulty.refresh_from_db()
    assert sum(isinstance(result, Difficulty) for result in results) == 1
    assert difficulty.entries.filter(kind=DifficultyEntry.Kind.CLOSED).count() == 1
    assert difficulty.outcome_reason == difficulty.status
