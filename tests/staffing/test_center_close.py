"""Closing a center: its provinces, staff and open cases go to another open center at once."""

import itertools

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cases import handover as handovers
from cases.models import Case, CaseEvent, CaseState
from centers import routing
from centers import services as centers_services
from centers.models import CenterProvince, StaffAssignment, SupportCenter
from notifications.models import Notification
from tests.factories import CaseFactory, StaffAssignmentFactory, SupportCenterFactory

_references = itertools.count(1)


def open_case(center, official=None, state=CaseState.SUBMITTED):
    return CaseFactory(
        state=state,
        center=center,
        suggested_official=official,
        reference=f"FIN-2026-{next(_references):06d}",
        submitted_at=timezone.now(),
    )


def close_url(center):
    return reverse("staffing:center_close", kwargs={"pk": center.pk})


@pytest.fixture
def east(shanghai, beijing):
    """Shanghai covers Shanghai and Zhejiang; Beijing (the headquarters) covers Beijing."""
    centers_services.center_set_jurisdiction(center=shanghai, provinces=["CN-SH", "CN-ZJ"])
    centers_services.center_set_jurisdiction(center=beijing, provinces=["CN-BJ"])
    return shanghai


def test_the_page_names_what_moves_and_offers_the_open_centers(
    client, administrator, east, beijing, official
):
    SupportCenterFactory(code="planned", status=SupportCenter.Status.PLANNED)
    open_case(east, official.trade_official)
    client.force_login(administrator)

    response = client.get(close_url(east))

    page = response.content.decode()
    assert "Shanghai, Zhejiang" in page and str(official) in page
    assert list(response.context["form"].fields["to_center"].queryset) == [beijing]
    east.refresh_from_db()
    assert east.status == SupportCenter.Status.OPEN  # asking closes nothing


def test_closing_moves_open_cases_staff_and_provinces_to_the_headquarters(
    client, administrator, east, beijing, official, lead, django_capture_on_commit_callbacks
):
    officer = official.trade_official
    shanghai_lead = StaffAssignmentFactory(center=east, role=StaffAssignment.Role.LEAD).official
    theirs = [open_case(east, officer) for _ in range(2)]
    nobodys = open_case(east)
    decided = open_case(east, officer, CaseState.APPROVED)
    client.force_login(administrator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            close_url(east),
            {"to_center": beijing.pk, "reason": "Merged into HQ", "confirm": "on"},
            follow=True,
        )

    assert response.redirect_chain[-1][0] == reverse("staffing:center", kwargs={"pk": beijing.pk})
    assert (
        "Shanghai Export Support Center is closed. Beijing Export Support Center takes over "
        "its 2 province(s), 2 official(s) and 3 open case(s)."
    ) in response.content.decode()
    east.refresh_from_db()
    assert (east.status, east.closed_on) == (SupportCenter.Status.CLOSED, timezone.localdate())
    # The cases: all at Beijing; the officer keeps theirs, nobody's goes to an officer there.
    for case in Case.objects.filter(pk__in=[c.pk for c in theirs]):
        assert (case.center, case.suggested_official) == (beijing, officer)
    nobodys.refresh_from_db()
    assert nobodys.center == beijing and nobodys.suggested_official is not None
    decided.refresh_from_db()
    assert decided.center == east  # a decided case keeps its history
    assert CaseEvent.objects.filter(action="transfer").count() == 3
    # The staff: at Beijing as officers from today, their Shanghai rows ended and signed.
    for moved in (officer, shanghai_lead):
        now = StaffAssignment.objects.active_on().get(official=moved)
        assert (now.center, now.role) == (beijing, StaffAssignment.Role.OFFICER)
        ended = moved.assignments.get(center=east)
        assert (ended.ended_by, ended.end_reason) == (administrator, "Merged into HQ")
    assert not StaffAssignment.objects.active_on().filter(center=east).exists()
    # The provinces: new cases from Zhejiang go to Beijing now.
    assert routing.center_for("CN-ZJ") == beijing
    assert set(beijing.jurisdiction.filter(is_active=True).values_list("province", flat=True)) == {
        "CN-BJ",
        "CN-SH",
        "CN-ZJ",
    }
    assert not CenterProvince.objects.filter(center=east).exists()
    # Who is told: the staff moved, the receiving lead, whoever got nobody's case.
    told = set(Notification.objects.values_list("recipient", "kind"))
    assert (officer.user.pk, "staff_assigned") in told
    assert (shanghai_lead.user.pk, "staff_assigned") in told
    assert (lead.pk, "center_closed") in told
    assert (nobodys.suggested_official.user.pk, "cases_transferred") in told


def test_the_receiving_centers_staff_see_the_moved_cases(
    client, administrator, east, beijing, beijing_official
):
    case = open_case(east)
    handovers.center_close(center=east, to_center=beijing, by=administrator, reason="Merged")

    client.force_login(beijing_official)
    assert client.get(reverse("desk:case", args=[case.pk])).status_code == 200


def test_the_headquarters_cannot_close(administrator, east, beijing):
    with pytest.raises(ValidationError) as refusal:
        handovers.center_close(center=beijing, to_center=east, by=administrator, reason="No")

    assert refusal.value.code == "headquarters"
    beijing.refresh_from_db()
    assert beijing.status == SupportCenter.Status.OPEN


def test_a_center_not_open_cannot_take_over(administrator, east, official):
    planned = SupportCenterFactory(code="planned", status=SupportCenter.Status.PLANNED)
    case = open_case(east, official.trade_official)

    with pytest.raises(ValidationError) as refusal:
        handovers.center_close(center=east, to_center=planned, by=administrator, reason="x")

    assert "is not open" in str(refusal.value.message_dict["to_center"])
    east.refresh_from_db()
    case.refresh_from_db()
    assert (east.status, case.center) == (SupportCenter.Status.OPEN, east)
    assert east.jurisdiction.filter(is_active=True).count() == 2


def test_a_reason_is_asked_for_and_kept_on_the_page(client, administrator, east, beijing):
    client.force_login(administrator)

    response = client.post(close_url(east), {"to_center": beijing.pk, "reason": ""})

    assert response.status_code == 200 and response.context["form"].errors["reason"]
    east.refresh_from_db()
    assert east.status == SupportCenter.Status.OPEN


def test_closing_needs_the_box_ticked_and_keeps_what_was_typed(
    client, administrator, east, beijing
):
    client.force_login(administrator)

    response = client.post(close_url(east), {"to_center": beijing.pk, "reason": "Merged"})

    html = response.content.decode()
    assert response.context["form"].errors["confirm"] == ["Tick the box to confirm the closure."]
    assert "data-error-summary" in html and "Merged" in html
    east.refresh_from_db()
    assert east.status == SupportCenter.Status.OPEN
