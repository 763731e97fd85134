"""Administrators assign, move and release officials; open cases are handed over, never left."""

import itertools
import threading
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from cases import handover as handovers
from cases.models import Case, CaseEvent, CaseState
from centers import services as centers_services
from centers.models import StaffAssignment, StaffAssignmentQuerySet, SupportCenter
from notifications.models import Notification
from tests.factories import (
    CaseFactory,
    StaffAssignmentFactory,
    SupportCenterFactory,
    TradeOfficialFactory,
    UserFactory,
)

_references = itertools.count(1)


@pytest.fixture(autouse=True)
def english(client):
    client.cookies["django_language"] = "en"


def open_case(center, official, state=CaseState.SUBMITTED):
    return CaseFactory(
        state=state,
        center=center,
        suggested_official=official,
        reference=f"FIN-2025-{next(_references):06d}",
        submitted_at=timezone.now(),
    )


def colleague_at(center, **kwargs):
    return StaffAssignmentFactory(center=center, official__user__full_name="", **kwargs).official


@pytest.fixture
def mover(official):
    return official.trade_official


def move_url(official):
    return reverse("staffing:staff_move", kwargs={"official_pk": official.pk})


def end_url(official):
    return reverse("staffing:staff_end", kwargs={"official_pk": official.pk})


def test_it_hands_over_every_open_case_to_the_chosen_colleague(
    client, administrator, mover, shanghai, beijing
):
    colleague = colleague_at(shanghai)
    cases = [
        open_case(shanghai, mover, state) for state in ("submitted", "in_review", "recommended")
    ]
    decided = open_case(shanghai, mover, CaseState.APPROVED)
    client.force_login(administrator)

    page = client.get(move_url(mover)).content.decode()
    assert "Open cases there" in page and ">3<" in page

    response = client.post(
        move_url(mover),
        {
            "to_center": beijing.pk,
            "role": "officer",
            "reason": "Beijing needs help",
            "handover_to": colleague.pk,
        },
        follow=True,
    )

    assert f"3 open cases handed over: {colleague} (3)." in response.content.decode()
    assert {c.suggested_official for c in Case.objects.filter(pk__in=[c.pk for c in cases])} == {
        colleague
    }
    assert not Case.objects.open().filter(suggested_official=mover).exists()
    decided.refresh_from_db()
    assert decided.suggested_official == mover  # a decided case keeps its history
    now = StaffAssignment.objects.current().get(official=mover)
    assert (now.center, now.assigned_by, now.reason) == (
        beijing,
        administrator,
        "Beijing needs help",
    )
    assert (
        StaffAssignment.objects.get(official=mover, center=shanghai).ends_on == timezone.localdate()
    )
    notes = CaseEvent.objects.filter(action="handover").values_list("note", flat=True)
    assert sorted(notes) == [f"From {mover} to {colleague}: Beijing needs help"] * 3


def test_it_spreads_the_cases_by_load_between_two_colleagues(
    administrator, mover, shanghai, beijing
):
    busy, free = colleague_at(shanghai), colleague_at(shanghai)
    open_case(shanghai, busy)
    leaving = [open_case(shanghai, mover) for _ in range(5)]

    handover = handovers.official_move(
        official=mover, to_center=beijing, role="officer", by=administrator, reason="Rotation"
    )

    given = {
        c.pk: c.suggested_official for c in Case.objects.filter(pk__in=[c.pk for c in leaving])
    }
    assert sorted(o.pk for o in given.values()) == sorted([busy.pk] * 2 + [free.pk] * 3)
    assert handover.cases == 5 and handover.recipients == {free: 3, busy: 2}
    assert handover.unassigned == 0
    assert CaseEvent.objects.filter(action="handover").count() == 5


def test_it_leaves_the_cases_unassigned_when_nobody_is_left(client, administrator, mover, shanghai):
    cases = [open_case(shanghai, mover) for _ in range(2)]
    StaffAssignmentFactory(center=shanghai, role=StaffAssignment.Role.LEAD)  # leads get no cases
    client.force_login(administrator)

    response = client.post(end_url(mover), {"reason": "Retired", "handover_to": ""}, follow=True)

    page = response.content.decode()
    assert "no longer works at Shanghai Export Support Center" in page
    # The lead is still there: the page says so rather than "nobody is left".
    assert (
        "2 open cases are now unassigned: no trade officer is left at Shanghai Export Support "
        "Center, only its lead, who can take them or assign them." in page
    )
    for case in cases:
        case.refresh_from_db()
        assert (case.center, case.suggested_official) == (shanghai, None)
    assert not StaffAssignment.objects.current().filter(official=mover).exists()


def test_it_refuses_a_handover_to_someone_of_another_center(
    client, administrator, mover, shanghai, beijing, beijing_official
):
    case = open_case(shanghai, mover)
    elsewhere = beijing_official.trade_official

    with pytest.raises(ValidationError) as refusal:
        handovers.official_move(
            official=mover,
            to_center=beijing,
            role="officer",
            by=administrator,
            reason="Rotation",
            handover_to=elsewhere,
        )

    assert "is not an active officer at Shanghai" in refusal.value.message_dict["handover_to"][0]
    client.force_login(administrator)
    response = client.post(
        end_url(mover), {"reason": "Typed with care", "handover_to": elsewhere.pk}
    )
    page = response.content.decode()
    assert response.status_code == 200 and "Select a valid choice" in page
    assert "Typed with care" in page  # nothing typed is lost
    case.refresh_from_db()
    assert case.suggested_official == mover
    assert StaffAssignment.objects.current().get(official=mover).center == shanghai
    assert not CaseEvent.objects.filter(action="handover").exists()


def test_it_refuses_to_move_someone_to_the_center_they_work_at(administrator, mover, shanghai):
    with pytest.raises(ValidationError) as refusal:
        handovers.official_move(
            official=mover, to_center=shanghai, role="lead", by=administrator, reason="Promotion"
        )

    assert "already works at Shanghai" in refusal.value.message_dict["to_center"][0]
    assert StaffAssignment.objects.current().get(official=mover).role == "officer"


def test_it_refuses_to_assign_an_official_who_works_somewhere(administrator, mover, beijing):
    with pytest.raises(ValidationError) as refusal:
        centers_services.staff_assign(
            official=mover, center=beijing, role="officer", by=administrator, reason="More help"
        )

    assert refusal.value.message_dict["official"] == [
        f"{mover} already works at Shanghai Export Support Center; "
        "move them or end that assignment first."
    ]


def test_it_gives_the_same_refusal_when_the_database_decides_the_race(
    administrator, mover, beijing
):
    # As if the check ran before another administrator's assignment was committed.
    with (
        mock.patch.object(StaffAssignmentQuerySet, "exists", return_value=False),
        pytest.raises(ValidationError) as refusal,
    ):
        centers_services.staff_assign(
            official=mover, center=beijing, role="officer", by=administrator, reason="More"
        )

    assert "already works at Shanghai" in refusal.value.message_dict["official"][0]
    assert StaffAssignment.objects.current().filter(official=mover).count() == 1


def test_it_assigns_from_the_page_and_keeps_the_input_on_a_refusal(
    client, administrator, mover, beijing
):
    newcomer = TradeOfficialFactory()
    client.force_login(administrator)

    refused = client.post(
        reverse("staffing:staff_assign"),
        {"official": mover.pk, "center": beijing.pk, "role": "lead", "reason": "Lead Beijing"},
    )
    assert refused.status_code == 200
    assert refused.context["form"].errors["official"]
    assert "Lead Beijing" in refused.content.decode()

    response = client.post(
        reverse("staffing:staff_assign"),
        {"official": newcomer.pk, "center": beijing.pk, "role": "lead", "reason": "Lead Beijing"},
        follow=True,
    )
    assert f"{newcomer} now works at Beijing Export Support Center." in response.content.decode()
    assert StaffAssignment.objects.current().get(official=newcomer).role == "lead"


def test_it_refuses_a_closed_center(administrator, beijing):
    closed = SupportCenterFactory(status=SupportCenter.Status.CLOSED)

    with pytest.raises(ValidationError) as refusal:
        centers_services.staff_assign(
            official=TradeOfficialFactory(),
            center=closed,
            role="officer",
            by=administrator,
            reason="Why not",
        )

    assert "is closed" in refusal.value.message_dict["center"][0]


@pytest.mark.parametrize("persona", ["applicant", "official", "lead", "anonymous"])
def test_it_lets_only_administrators_in(client, request, mover, beijing, persona):
    urls = [reverse("staffing:staff_assign"), move_url(mover), end_url(mover)]
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    form = {"to_center": beijing.pk, "role": "officer", "reason": "x", "official": mover.pk}

    for url in urls:
        for response in (client.get(url), client.post(url, {**form, "center": beijing.pk})):
            if persona == "anonymous":
                assert response.status_code == 302
                assert response.url.startswith(reverse("accounts:login"))
            else:
                assert response.status_code == 403, url

    assert StaffAssignment.objects.current().get(official=mover).center.code == "shanghai"


@pytest.mark.needs_postgres
@pytest.mark.django_db(transaction=True)
def test_it_moves_an_official_once_when_two_administrators_move_them_at_once():
    shanghai = SupportCenterFactory(code="shanghai")
    destinations = [SupportCenterFactory(code="east"), SupportCenterFactory(code="west")]
    # No role groups: an earlier transactional test may have flushed the ones migrations make.
    official = StaffAssignmentFactory(center=shanghai, official__user__role=None).official
    colleague = StaffAssignmentFactory(center=shanghai, official__user__role=None).official
    cases = [open_case(shanghai, official) for _ in range(4)]
    administrators = [UserFactory(), UserFactory()]
    start = threading.Barrier(2)
    outcomes = []

    def move(to_center, by):
        try:
            start.wait()
            handovers.official_move(
                official=official,
                to_center=to_center,
                role="officer",
                by=by,
                reason="Rotation",
                handover_to=colleague,
            )
            outcomes.append("moved")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=move, args=args)
        for args in zip(destinations, administrators, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["moved", "refused"]
    assert StaffAssignment.objects.current().filter(official=official).count() == 1
    for case in cases:
        case.refresh_from_db()
        assert case.suggested_official == colleague
        assert case.events.filter(action="handover").count() == 1


def test_the_moved_official_and_the_colleague_taking_over_are_told(
    client, administrator, mover, shanghai, beijing, django_capture_on_commit_callbacks
):
    colleague = colleague_at(shanghai)
    colleague.user.language = "en"
    colleague.user.save(update_fields=["language"])
    mover.user.language = "en"
    mover.user.save(update_fields=["language"])
    for _ in range(2):
        open_case(shanghai, mover)
    client.force_login(administrator)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            move_url(mover),
            {"to_center": beijing.pk, "role": "officer", "reason": "Beijing needs help"},
        )

    told = {n.recipient: n for n in Notification.objects.all()}
    assert set(told) == {mover.user, colleague.user}
    assert "You now work at Beijing Export Support Center" in told[mover.user].subject
    assert "Beijing needs help" in told[mover.user].body
    assert "2 case(s)" in told[colleague.user].subject
    sent = {message.to[0]: message for message in mail.outbox}
    assert mover.user.email in sent and colleague.user.email in sent


def test_the_assign_page_says_so_when_everyone_is_placed(client, administrator, mover):
    client.force_login(administrator)
    html = client.get(reverse("staffing:staff_assign")).content.decode()
    assert "data-everyone-placed" in html
    assert "nobody to assign" in html
    assert "---------" not in html
    StaffAssignment.objects.filter(official=mover).delete()
    html = client.get(reverse("staffing:staff_assign")).content.decode()
    assert "data-everyone-placed" not in html
    assert str(mover) in html
