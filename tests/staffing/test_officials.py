"""Administrators add, deactivate and look back on trade officials from the staffing pages."""

import datetime
import itertools

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from cases.models import Case, CaseEvent, CaseState
from centers.models import StaffAssignment, SupportCenter, TradeOfficial
from notifications.models import Notification
from tests.factories import (
    CaseFactory,
    SectorFactory,
    StaffAssignmentFactory,
    SupportCenterFactory,
    UserFactory,
)

_references = itertools.count(1)


def open_case(center, official):
    return CaseFactory(
        state=CaseState.IN_REVIEW,
        center=center,
        suggested_official=official,
        assigned_to=official,
        reference=f"FIN-2026-{next(_references):06d}",
        submitted_at=timezone.now(),
    )


def new_official_form(**changes):
    return {
        "full_name": "Kim Minji",
        "email": "Minji.Kim@Example.com",
        "language": "en",
        "title": "Trade officer",
        "languages": ["ko", "zh"],
        "max_open_cases": "150",
        "role": "officer",
        "reason": "",
        **changes,
    }


# History ---------------------------------------------------------------------------------


@pytest.fixture
def moved_twice(administrator, shanghai, beijing):
    """An official who worked at Beijing, then Shanghai, and is now at Beijing again."""
    official = StaffAssignmentFactory(
        center=beijing,
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2024, 12, 31),
        ended_by=administrator,
        end_reason="Shanghai needs help",
        official__user__full_name="Park Jiho",
    ).official
    StaffAssignmentFactory(
        official=official,
        center=shanghai,
        role=StaffAssignment.Role.LEAD,
        starts_on=datetime.date(2024, 12, 31),
        ends_on=datetime.date(2025, 6, 1),
        ended_by=administrator,
        end_reason="Back to the headquarters",
    )
    StaffAssignmentFactory(
        official=official,
        center=beijing,
        starts_on=datetime.date(2025, 6, 1),
        assigned_by=administrator,
        reason="Back to the headquarters",
    )
    return official


def history_rows(response):
    return [row.pk for row in response.context["assignments"]]


def test_an_officials_history_lists_every_assignment_newest_first(
    client, administrator, moved_twice, django_assert_max_num_queries
):
    client.force_login(administrator)
    url = reverse("staffing:official_history", kwargs={"official_pk": moved_twice.pk})

    with django_assert_max_num_queries(8):
        response = client.get(url)

    expected = list(
        StaffAssignment.objects.filter(official=moved_twice).order_by("-starts_on", "-pk")
    )
    assert history_rows(response) == [a.pk for a in expected]
    assert [a.center.code for a in expected] == ["beijing", "shanghai", "beijing"]
    rows = response.content.decode().split("<tbody>")[1]
    assert rows.index("In force") < rows.index("Center lead") < rows.index("Shanghai needs help")
    assert rows.count(str(administrator)) == 3  # assigned the last one, ended the two before


def test_a_centers_history_lists_everyone_who_worked_there(
    client, administrator, moved_twice, beijing, lead, django_assert_max_num_queries
):
    for _ in range(5):
        StaffAssignmentFactory(
            center=beijing, starts_on="2023-01-01", ends_on="2023-06-01", ended_by=administrator
        )
    client.force_login(administrator)
    center_page = client.get(reverse("staffing:center", kwargs={"pk": beijing.pk}))
    url = reverse("staffing:center_history", kwargs={"pk": beijing.pk})
    assert url in center_page.content.decode()

    with django_assert_max_num_queries(8):
        response = client.get(url)

    assert len(history_rows(response)) == 8  # moved_twice twice, the lead, five former staff
    assert "Shanghai Export Support Center" not in response.content.decode().split("<tbody>")[1]


def test_the_officials_list_links_to_each_history_in_a_few_queries(
    client, administrator, moved_twice, official, django_assert_max_num_queries
):
    for _ in range(5):
        StaffAssignmentFactory()
    client.force_login(administrator)

    with django_assert_max_num_queries(8):
        page = client.get(reverse("staffing:officials")).content.decode()

    for one in TradeOfficial.objects.all():
        assert reverse("staffing:official_history", kwargs={"official_pk": one.pk}) in page
    assert reverse("staffing:officials") in client.get(reverse("staffing:centers")).content.decode()


# Adding ----------------------------------------------------------------------------------


def test_an_administrator_adds_an_official_who_is_mailed_a_password_link(
    client, administrator, beijing, django_capture_on_commit_callbacks
):
    battery = SectorFactory(code="secondary-batteries")
    client.force_login(administrator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("staffing:official_new"),
            new_official_form(
                specialties=[battery.pk],
                center=beijing.pk,
                reason="A new officer for Beijing",
            ),
            follow=True,
        )

    user = User.objects.get(email="minji.kim@example.com")
    official = user.trade_official
    assert user.is_trade_official and user.full_name == "Kim Minji"
    assert (official.title, official.languages, official.max_open_cases) == (
        "Trade officer",
        ["ko", "zh"],
        150,
    )
    assert list(official.specialties.all()) == [battery]
    assignment = StaffAssignment.objects.active_on().get(official=official)
    assert (assignment.center, assignment.assigned_by) == (beijing, administrator)
    assert "Kim Minji is added" in response.content.decode()
    [welcome] = [m for m in mail.outbox if "Your account" in m.subject]
    assert welcome.to == ["minji.kim@example.com"]
    assert "/accounts/password/reset/" in welcome.body


def test_a_duplicate_address_is_refused_next_to_the_field(client, administrator, official):
    client.force_login(administrator)
    taken = official.email.upper()

    response = client.post(reverse("staffing:official_new"), new_official_form(email=taken))

    assert response.status_code == 200
    assert response.context["form"].errors["email"] == [
        "An account with this e-mail address exists already."
    ]
    assert "Kim Minji" in response.content.decode()  # nothing typed is lost
    assert TradeOfficial.objects.count() == 1


def test_a_refused_first_assignment_leaves_no_account_and_sends_nothing(
    client, administrator, django_capture_on_commit_callbacks
):
    planned = SupportCenterFactory(status=SupportCenter.Status.PLANNED)
    client.force_login(administrator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("staffing:official_new"), new_official_form(center=planned.pk, reason="  ")
        )

    assert response.context["form"].errors["reason"] == ["Say why."]
    assert not User.objects.filter(email="minji.kim@example.com").exists()
    assert mail.outbox == []


def test_an_official_may_start_later(client, administrator, beijing):
    client.force_login(administrator)
    next_week = timezone.localdate() + datetime.timedelta(days=7)

    client.post(
        reverse("staffing:official_new"),
        new_official_form(center=beijing.pk, reason="Joins next week", starts_on=next_week),
    )

    official = TradeOfficial.objects.get(user__email="minji.kim@example.com")
    assert official.assignments.get().starts_on == next_week
    assert not StaffAssignment.objects.active_on().filter(official=official).exists()
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = client.post(
        reverse("staffing:official_new"),
        new_official_form(
            email="late@example.com", center=beijing.pk, reason="Late", starts_on=yesterday
        ),
    )
    assert response.context["form"].errors["starts_on"] == [
        "An assignment cannot start in the past."
    ]


# Deactivating ----------------------------------------------------------------------------


def deactivate_url(official):
    return reverse("staffing:official_deactivate", kwargs={"official_pk": official.pk})


def test_deactivating_an_official_hands_over_their_open_cases(
    client, administrator, official, shanghai, django_capture_on_commit_callbacks
):
    leaving = official.trade_official
    colleague = StaffAssignmentFactory(center=shanghai).official
    cases = [open_case(shanghai, leaving) for _ in range(3)]
    client.force_login(administrator)

    page = client.get(deactivate_url(leaving)).content.decode()
    assert "Their 3 open cases will be handed over" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            deactivate_url(leaving), {"reason": "Left the ministry"}, follow=True
        )

    assert f"{leaving} is deactivated. 3 open cases handed over: {colleague} (3)." in (
        response.content.decode()
    )
    leaving.refresh_from_db()
    assert leaving.is_active is False
    ended = leaving.assignments.get()
    assert (ended.ends_on, ended.ended_by, ended.end_reason) == (
        timezone.localdate(),
        administrator,
        "Left the ministry",
    )
    for case in Case.objects.filter(pk__in=[c.pk for c in cases]):
        assert (case.suggested_official, case.assigned_to) == (colleague, colleague)
    assert CaseEvent.objects.filter(action="handover").count() == 3
    told = set(Notification.objects.values_list("recipient", "kind"))
    assert told == {(leaving.user.pk, "staff_ended"), (colleague.user.pk, "cases_handed_over")}


def test_a_deactivated_official_is_offered_nowhere_and_cannot_be_deactivated_twice(
    client, administrator, official, lead, beijing, shanghai
):
    leaving = official.trade_official
    client.force_login(administrator)
    client.post(deactivate_url(leaving), {"reason": "Retired"})

    assert not TradeOfficial.objects.working_at(None).filter(pk=leaving.pk).exists()
    assert client.get(deactivate_url(leaving)).status_code == 404
    officials_page = client.get(reverse("staffing:officials")).content.decode()
    assert "Inactive" in officials_page and deactivate_url(leaving) not in officials_page


def test_a_handover_to_someone_elsewhere_is_refused_and_nothing_changes(
    client, administrator, official, beijing_official
):
    leaving = official.trade_official
    open_case(leaving.assignments.get().center, leaving)
    client.force_login(administrator)

    response = client.post(
        deactivate_url(leaving),
        {"reason": "Retired", "handover_to": beijing_official.trade_official.pk},
    )

    assert response.status_code == 200 and response.context["form"].errors["handover_to"]
    leaving.refresh_from_db()
    assert leaving.is_active is True
    assert StaffAssignment.objects.active_on().filter(official=leaving).exists()


# The admin -------------------------------------------------------------------------------


def test_a_staffing_row_cannot_be_deleted_or_changed_through_the_admin(
    client, administrator, official
):
    assignment = official.trade_official.assignments.get()
    client.force_login(administrator)
    delete = reverse("admin:centers_staffassignment_delete", args=[assignment.pk])
    change = reverse("admin:centers_staffassignment_change", args=[assignment.pk])

    assert client.post(delete, {"post": "yes"}).status_code == 403
    response = client.post(change, {"ends_on": "2020-01-01", "role": "lead"})

    assert response.status_code == 403
    assignment.refresh_from_db()
    assert (assignment.ends_on, assignment.role) == (None, "officer")


def test_the_admin_cannot_deactivate_an_official_around_the_handover(
    client, administrator, official
):
    profile = official.trade_official
    client.force_login(administrator)
    url = reverse("admin:centers_tradeofficial_change", args=[profile.pk])

    client.post(url, {"title": "Senior officer", "languages": "[]", "max_open_cases": 10})

    profile.refresh_from_db()
    assert (profile.title, profile.is_active) == ("Senior officer", True)
    assert (
        client.post(
            reverse("admin:centers_tradeofficial_delete", args=[profile.pk]), {"post": "yes"}
        ).status_code
        == 403
    )


def test_new_officials_get_the_trade_official_role(client, administrator):
    client.force_login(administrator)
    client.post(reverse("staffing:official_new"), new_official_form())

    user = User.objects.get(email="minji.kim@example.com")
    assert user.has_role(Role.TRADE_OFFICIAL) and not user.has_role(Role.ADMINISTRATOR)
    assert UserFactory._meta.model.objects.filter(pk=user.pk, is_active=True).exists()


@pytest.mark.needs_postgres
@pytest.mark.django_db(transaction=True)
def test_a_move_and_a_deactivation_at_once_leave_nobody_half_moved():
    import threading

    from django.core.exceptions import ValidationError
    from django.db import connection

    from cases import handover as handovers

    shanghai, beijing = SupportCenterFactory(code="shanghai"), SupportCenterFactory(code="bj")
    # No role groups: an earlier transactional test may have flushed the ones migrations make.
    official = StaffAssignmentFactory(center=shanghai, official__user__role=None).official
    StaffAssignmentFactory(center=shanghai, official__user__role=None)
    StaffAssignmentFactory(center=beijing, official__user__role=None)
    cases = [open_case(shanghai, official) for _ in range(3)]
    administrators = [UserFactory(), UserFactory()]
    start = threading.Barrier(2)

    def run(act):
        try:
            start.wait()
            act()
        except ValidationError:
            pass
        finally:
            connection.close()

    acts = [
        lambda: handovers.official_move(
            official=official, to_center=beijing, role="officer", by=administrators[0], reason="x"
        ),
        lambda: handovers.official_deactivate(
            official=official, by=administrators[1], reason="Retired"
        ),
    ]
    threads = [threading.Thread(target=run, args=(act,)) for act in acts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    official.refresh_from_db()
    assert official.is_active is False
    assert not StaffAssignment.objects.current().filter(official=official).exists()
    assert not Case.objects.filter(pk__in=[c.pk for c in cases], suggested_official=official)
