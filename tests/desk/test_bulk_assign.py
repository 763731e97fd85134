"""Bulk assignment carries the version each ticked row showed: a case someone changed since
is left as it is, and the official is told which one and what happened to it."""

import re

import pytest
from django.urls import reverse

from cases import services
from cases.models import Case, CaseEvent
from centers.models import TradeOfficial
from tests.desk.test_desk import submitted
from tests.factories import StaffAssignmentFactory


@pytest.fixture
def kim(beijing):
    return StaffAssignmentFactory(center=beijing, official__user__full_name="Kim Officer").official


@pytest.fixture
def park(beijing):
    return StaffAssignmentFactory(center=beijing, official__user__full_name="Park Officer").official


def shown_versions(page: str) -> dict[str, str]:
    return dict(re.findall(r'name="(version-\d+)" value="(\d+)"', page))


def test_each_row_of_the_queue_carries_its_cases_version(client, lead, beijing, kim):
    case = submitted(beijing)
    services.transition(case=case, action="take", by=kim.user)
    client.force_login(lead)

    page = client.get(reverse("desk:queue")).content.decode()

    assert shown_versions(page) == {f"version-{case.pk}": str(Case.objects.get(pk=case.pk).version)}


def test_a_case_taken_meanwhile_is_left_to_its_taker_and_the_others_assigned(
    client, lead, beijing, kim, park
):
    taken = submitted(beijing)
    free = submitted(beijing)
    client.force_login(lead)
    versions = shown_versions(client.get(reverse("desk:queue")).content.decode())
    services.transition(case=taken, action="take", by=kim.user)  # while the lead was choosing

    response = client.post(
        reverse("desk:bulk_assign"),
        {"cases": [taken.pk, free.pk], "assignee": park.pk, **versions},
        follow=True,
    )

    page = response.content.decode()
    assert (
        f"{taken.reference} changed in the meantime: Taken up by a trade official "
        "(Kim Officer). It was not assigned" in page
    )
    assert "1 case(s) assigned to" in page
    taken.refresh_from_db()
    free.refresh_from_db()
    assert taken.assigned_to == kim
    assert free.assigned_to == park
    assert not CaseEvent.objects.filter(case=taken, action__in=["assign", "reassign"]).exists()


def test_a_post_without_the_rows_versions_assigns_nothing(client, lead, beijing, park):
    case = submitted(beijing)
    client.force_login(lead)

    response = client.post(
        reverse("desk:bulk_assign"), {"cases": [case.pk], "assignee": park.pk}, follow=True
    )

    assert "did not say which version of it you saw" in response.content.decode()
    assert Case.objects.get(pk=case.pk).assigned_to is None


def test_the_versions_the_rows_showed_assign_the_unchanged_cases(client, lead, beijing, park):
    cases = [submitted(beijing) for _ in range(3)]
    client.force_login(lead)
    versions = shown_versions(client.get(reverse("desk:queue")).content.decode())

    client.post(
        reverse("desk:bulk_assign"),
        {"cases": [c.pk for c in cases], "assignee": park.pk, **versions},
    )

    assigned = TradeOfficial.objects.get(pk=park.pk).assigned_cases.count()
    assert assigned == 3
