"""The notifications pages: my list, marking read, the bell, and my notification settings."""

import pytest
from django.urls import reverse

from notifications.models import Notification, Preference
from notifications.services import notify


@pytest.fixture(autouse=True)
def english_pages(client):
    client.cookies["django_language"] = "en"


def notified(user, reference="NTF-2026-000001", link="/cases/1/answer/"):
    [notification] = notify(
        [user], "info_due_soon", {"reference": reference, "due": "2026-12-04"}, link
    )
    return notification


def page_of(client, name="notifications:list") -> str:
    return client.get(reverse(name)).content.decode()


def read(client, notification):
    return client.post(reverse("notifications:read", args=[notification.pk]))


def test_the_list_shows_only_my_notifications(client, applicant, other_applicant):
    notified(applicant, reference="NTF-2026-000001")
    theirs = notified(other_applicant, reference="NTF-2026-000002")
    client.force_login(applicant)

    page = page_of(client)

    assert "NTF-2026-000001" in page
    assert "NTF-2026-000002" not in page
    assert read(client, theirs).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_opening_a_notification_marks_it_read_goes_to_its_page_and_the_bell_drops(
    client, applicant
):
    first = notified(applicant, reference="NTF-2026-000001", link="/cases/1/answer/")
    notified(applicant, reference="NTF-2026-000002")
    client.force_login(applicant)
    assert "2 unread notifications" in page_of(client, "home")

    response = read(client, first)

    assert response.status_code == 302
    assert response.url == "/cases/1/answer/"
    assert "1 unread notification" in page_of(client, "home")
    first.refresh_from_db()
    assert first.read_at is not None


def test_mark_all_as_read_empties_the_bell(client, applicant):
    notified(applicant, reference="NTF-2026-000001")
    notified(applicant, reference="NTF-2026-000002")
    client.force_login(applicant)

    response = client.post(reverse("notifications:read_all"), follow=True)

    page = response.content.decode()
    assert "2 notification(s) marked as read." in page
    assert "0 unread notifications" in page
    assert "Mark all as read" not in page
    assert not Notification.objects.unread().exists()


@pytest.mark.parametrize(
    "link", ["https://evil.example.com/login", "//evil.example.com/login", "javascript:alert(1)"]
)
def test_a_link_to_another_site_is_not_followed(client, applicant, link):
    notification = notified(applicant, link=link)
    client.force_login(applicant)

    response = read(client, notification)

    assert response.status_code == 302
    assert response.url == reverse("notifications:list")
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_my_settings_show_the_kinds_for_my_role_and_save_my_choice(client, applicant):
    client.force_login(applicant)

    form = client.get(reverse("notifications:preferences")).context["form"]
    page = page_of(client, "notifications:preferences")
    assert "An official needs more information" in page
    assert "A new case arrives at your center" not in page
    choices = {name: field.initial for name, field in form.fields.items()}
    assert choices["info_requested"] == "email"

    response = client.post(
        reverse("notifications:preferences"), {**choices, "info_requested": "digest"}, follow=True
    )

    assert "Your choices are saved." in response.content.decode()
    assert Preference.objects.get(user=applicant, kind="info_requested").channel == "digest"
    assert response.context["form"]["info_requested"].initial == "digest"


def test_an_official_chooses_how_new_cases_reach_them(client, official):
    client.force_login(official)

    page = page_of(client, "notifications:preferences")

    assert "A new case arrives at your center" in page
    assert "An official needs more information" not in page


@pytest.mark.parametrize("count", [5, 50])
def test_the_list_runs_the_same_queries_for_5_and_for_50_notifications(
    client, applicant, django_assert_max_num_queries, count
):
    for number in range(count):
        notified(applicant, reference=f"NTF-2026-{number:06d}")
    client.force_login(applicant)

    with django_assert_max_num_queries(6):
        response = client.get(reverse("notifications:list"))

    assert response.status_code == 200
    assert len(response.context["page"]) == min(count, 30)
