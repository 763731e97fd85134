"""Who staffs a center on a given day: one rule, the same answer on every page and guard."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone, translation

from cases import services
from cases.errors import CaseError
from cases.models import Case, CaseState
from centers import routing
from centers.models import StaffAssignment, SupportCenter, TradeOfficial
from tests.factories import CaseFactory, StaffAssignmentFactory

SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")


def tomorrow() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=1)


def morning_of(day: datetime.date):
    return time_machine.travel(
        datetime.datetime.combine(day, datetime.time(9), tzinfo=SEOUL), tick=False
    )


@pytest.fixture
def newcomer(beijing):
    """An officer whose assignment at Beijing starts tomorrow."""
    return StaffAssignmentFactory(
        center=beijing, starts_on=tomorrow(), official__user__full_name="Starts Tomorrow"
    ).official


@pytest.fixture
def case(beijing):
    return CaseFactory(
        state=CaseState.SUBMITTED,
        center=beijing,
        reference="FIN-2026-000001",
        submitted_at=timezone.now(),
    )


def assign_choices(client, case) -> list:
    page = client.get(reverse("desk:case", args=[case.pk]))
    forms = {transition.action: form for transition, form in page.context["actions"]}
    return list(forms["assign"].fields["assignee"].queryset)


def bulk_choices(client) -> list:
    """The officials the queue's bulk assignment offers, as its select box lists them."""
    widget = client.get(reverse("desk:queue")).context["bulk_form"].fields["assignee"].widget
    return list(
        TradeOfficial.objects.filter(pk__in=[value for value, _ in widget.choices if value])
    )


def post_assign(client, case, official):
    return client.post(
        reverse("desk:act", args=[case.pk, "assign"]),
        {"version": case.version, "assignee": official.pk},
    )


def test_an_assignment_that_starts_tomorrow_is_neither_offered_nor_accepted_today(
    client, lead, beijing, beijing_official, newcomer, case
):
    client.force_login(lead)
    colleague = beijing_official.trade_official

    assert set(assign_choices(client, case)) == {colleague, lead.trade_official}
    assert set(bulk_choices(client)) == {colleague, lead.trade_official}
    assert routing.officers_of(beijing) == [colleague]

    response = post_assign(client, case, newcomer)
    assert response.status_code == 400
    assert Case.objects.get(pk=case.pk).assigned_to is None
    # The guard behind the form says no as well.
    with translation.override("en"), pytest.raises(CaseError) as refusal:
        services.transition(case=case, action="assign", by=lead, assignee=newcomer)
    assert "does not work at" in str(refusal.value.reasons[0])


def test_it_becomes_valid_on_its_start_day(client, lead, beijing, newcomer, case):
    client.force_login(lead)

    with morning_of(tomorrow()):
        client.force_login(lead)  # a staff session ends overnight: signed in again
        assert newcomer in assign_choices(client, case)
        assert newcomer in bulk_choices(client)
        assert newcomer in routing.officers_of(beijing)
        assert post_assign(client, case, newcomer).status_code == 302

    assert Case.objects.get(pk=case.pk).assigned_to == newcomer


def test_the_newcomer_sees_the_centers_cases_from_the_start_day_only(client, newcomer, case):
    user = newcomer.user
    client.force_login(user)

    assert not Case.objects.visible_to(user).exists()
    assert client.get(reverse("desk:case", args=[case.pk])).status_code == 404
    with morning_of(tomorrow()):
        client.force_login(user)  # a staff session ends overnight: signed in again
        assert list(Case.objects.visible_to(user)) == [case]
        assert client.get(reverse("desk:case", args=[case.pk])).status_code == 200


def test_an_assignment_ended_today_no_longer_counts_today(beijing, beijing_official):
    assignment = beijing_official.trade_official.assignments.get()
    assignment.starts_on = datetime.date(2025, 1, 1)
    assignment.ends_on = timezone.localdate()
    assignment.save()

    assert not SupportCenter.objects.staffed_by(beijing_official).exists()
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    assert list(SupportCenter.objects.staffed_by(beijing_official, yesterday)) == [beijing]


def test_an_inactive_official_staffs_no_center(beijing, beijing_official):
    TradeOfficial.objects.filter(user=beijing_official).update(is_active=False)

    assert not StaffAssignment.objects.active_on().exists()
    counts = SupportCenter.objects.with_staff_counts().get(pk=beijing.pk)
    assert (counts.staff_count, counts.lead_count) == (0, 0)


def test_ending_an_assignment_records_who_ended_it_and_why(administrator, official):
    from centers import services

    assignment = official.trade_official.assignments.get()
    services.staff_end(assignment=assignment, by=administrator, reason=" Rotation ")

    assignment.refresh_from_db()
    assert (assignment.ends_on, assignment.ended_by, assignment.end_reason) == (
        timezone.localdate(),
        administrator,
        "Rotation",
    )
