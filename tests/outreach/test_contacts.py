"""Contacts with Chinese authorities: recorded by a center with what they took up, followed
up with reminders, and seen by administrators by body and province, on a page and in CSV."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.errors import CaseError
from centers.services import center_set_jurisdiction
from notifications.models import Notification
from outreach import contacts
from outreach.models import AuthorityBody, Contact, Difficulty
from outreach.selectors import quarter_of
from tests.factories import AuthorityBodyFactory, DifficultyFactory

TODAY = timezone.localdate()


@pytest.fixture
def customs(db):
    return AuthorityBodyFactory(
        level="provincial",
        province="CN-SH",
        name_ko="상하이 세관",
        name_en="Shanghai Customs",
        name_zh="上海海关",
    )


def record(official, center, body, **kwargs):
    return contacts.contact_record(
        center=center,
        by=official,
        body=body,
        counterpart="Director Wang",
        held_on=kwargs.pop("held_on", TODAY),
        channel="meeting",
        topics=kwargs.pop("topics", "Held battery cells"),
        outcome=kwargs.pop("outcome", "Release promised"),
        **kwargs,
    )


def test_an_official_records_a_contact_with_a_new_body_and_the_difficulty_it_took_up(
    client, applicant, official, shanghai
):
    center_set_jurisdiction(center=shanghai, provinces=["CN-SH"])
    difficulty = DifficultyFactory(
        company=applicant.company_memberships.get().company, center=shanghai
    )
    client.force_login(official)
    response = client.post(
        reverse("desk:contact_new"),
        {
            "center": shanghai.pk,
            "new_body_level": "provincial",
            "new_body_province": "CN-SH",
            "new_body_name_zh": "上海海关",
            "new_body_name_ko": "상하이 세관",
            "new_body_name_en": "Shanghai Customs",
            "counterpart": "Director Wang",
            "counterpart_zh": "王处长",
            "held_on": TODAY.isoformat(),
            "channel": "meeting",
            "topics": "The held cells",
            "outcome": "Release within a week",
            "difficulties": [difficulty.pk],
            "follow_up": "Call back",
            "follow_up_due": (TODAY + datetime.timedelta(days=7)).isoformat(),
        },
    )
    contact = Contact.objects.get()
    assert response.url == reverse("desk:contact", args=[contact.pk])
    assert contact.body.name_zh == "上海海关"
    assert contact.follow_ups.get().owner == official
    difficulty.refresh_from_db()
    assert difficulty.status == Difficulty.Status.IN_PROGRESS
    # The company reads which body took its difficulty up, not what was said there.
    client.force_login(applicant)
    page = client.get(reverse("portal:difficulty", args=[difficulty.pk])).content.decode()
    assert "上海海关" in page
    assert "Director Wang" not in page


def test_a_contact_without_a_body_is_refused_and_keeps_what_was_typed(client, official, shanghai):
    client.force_login(official)
    response = client.post(
        reverse("desk:contact_new"),
        {
            "center": shanghai.pk,
            "counterpart": "Director Wang",
            "channel": "call",
            "held_on": TODAY.isoformat(),
            "topics": "Tariffs",
            "outcome": "None",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Choose a body above, or give this to add one." in page
    assert "Director Wang" in page
    assert not Contact.objects.exists()


def test_a_contact_may_link_only_its_own_centers_difficulties(official, shanghai, beijing, customs):
    elsewhere = DifficultyFactory(center=beijing)
    with pytest.raises(CaseError):
        record(official, shanghai, customs, difficulties=[elsewhere])


def test_an_official_of_another_center_gets_404(
    client, official, beijing_official, shanghai, customs
):
    contact = record(official, shanghai, customs)
    client.force_login(beijing_official)
    assert client.get(reverse("desk:contact", args=[contact.pk])).status_code == 404


def test_the_owner_is_reminded_of_a_follow_up_once_when_due_soon_and_once_overdue(
    official, shanghai, customs
):
    contact = record(official, shanghai, customs, follow_ups=[("Send the test report", TODAY)])
    assert contacts.remind_follow_ups(TODAY) == 1
    assert contacts.remind_follow_ups(TODAY) == 0
    later = TODAY + datetime.timedelta(days=10)
    assert contacts.remind_follow_ups(later) == 1
    assert Notification.objects.filter(recipient=official, kind="follow_up_due").count() == 2
    contacts.follow_up_done(follow_up=contact.follow_ups.get(), by=official)
    assert contacts.remind_follow_ups(later + datetime.timedelta(days=1)) == 0


def test_the_administrators_see_the_quarter_by_body_and_province_and_download_it(
    client, administrator, official, shanghai, customs
):
    ministry = AuthorityBodyFactory(
        level="central", province="", name_en="Ministry of Commerce", name_zh="商务部"
    )
    record(official, shanghai, customs, topics="Held cells", outcome="Released")
    record(official, shanghai, customs, topics="Cosmetics labels", outcome="Guidance given")
    record(official, shanghai, ministry, topics="Battery standards", outcome="Working group")
    old = TODAY - datetime.timedelta(days=400)
    record(official, shanghai, ministry, held_on=old, topics="Last year's talk")

    client.force_login(administrator)
    response = client.get(reverse("staffing:liaison"), {"quarter": quarter_of(TODAY)})
    page = response.content.decode()
    assert "上海海关" in page and "商务部" in page
    assert "Cosmetics labels" in page and "Working group" in page
    assert "Last year&#x27;s talk" not in page
    rows = {row["body__name_en"]: row["contacts"] for row in response.context["by_body"]}
    assert rows == {"Shanghai Customs": 2, "Ministry of Commerce": 1}
    provinces = {row["province"]: row["contacts"] for row in response.context["by_province"]}
    assert provinces == {"Shanghai": 2, "Central": 1}

    download = client.get(reverse("staffing:liaison_csv"), {"quarter": quarter_of(TODAY)})
    lines = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert lines[0][:4] == ["Date", "Level", "Province", "Body"]
    assert sorted(line[4] for line in lines[1:]) == ["上海海关", "上海海关", "商务部"]


@pytest.mark.parametrize("count", [2, 30])
def test_the_contact_pages_run_the_same_queries_for_2_and_for_30(
    client, administrator, official, shanghai, django_assert_max_num_queries, count
):
    for n in range(count):
        body = AuthorityBodyFactory()
        difficulty = DifficultyFactory(center=shanghai)
        record(official, shanghai, body, difficulties=[difficulty], topics=f"Topic {n}")
    client.force_login(administrator)
    with django_assert_max_num_queries(12):
        client.get(reverse("staffing:liaison"))
    with django_assert_max_num_queries(8):
        client.get(reverse("staffing:liaison_csv"))
    client.force_login(official)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("desk:contacts"))
    assert AuthorityBody.objects.count() == count
    # The tabs beside the queue say how many difficulties are open.
    assert response.context["open_difficulties"] == count
