"""Announcements: a center lead tells the companies of chosen sectors of an opportunity."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from applicants.models import CompanyMember
from cases.errors import CaseError
from notifications.kinds import kinds_for
from notifications.models import EmailStatus, Notification
from outreach import services as announcements
from outreach.models import Announcement
from outreach.tasks import resume_announcements
from tests.factories import CompanyFactory, CompanyMemberFactory, SectorFactory, UserFactory


@pytest.fixture
def new_industries(db):
    """The area of secondary batteries, with two of its industries."""
    area = SectorFactory(code="new-industries", name_en="New industries")
    SectorFactory(code="secondary-batteries", name_en="Secondary batteries", parent=area)
    SectorFactory(code="electric-vehicles", name_en="Electric vehicles", parent=area)
    return area


@pytest.fixture
def world(new_industries, applicant, other_applicant):
    """Company A (batteries, its owner the applicant persona), company B (cosmetics), an EV
    maker with two members, and a person who works for both A and the EV maker."""
    ev_maker = CompanyFactory(name_en="Blue EV", sector__code="electric-vehicles")
    engineers = [CompanyMemberFactory(company=ev_maker).user for _ in range(2)]
    company_a = applicant.company_memberships.get().company
    both = CompanyMemberFactory(company=company_a, user__email="both@example.com").user
    CompanyMember.objects.create(company=ev_maker, user=both)
    gone = CompanyMemberFactory(company=ev_maker, user__is_active=False).user
    return {"reached": {applicant, *engineers, both}, "other": other_applicant, "gone": gone}


def post(lead, beijing, sectors, **kwargs):
    return announcements.announcement_post(
        center=beijing,
        by=lead,
        title=kwargs.get("title", "Buyers' meeting in Tianjin"),
        body=kwargs.get("body", "Register by 30 June."),
        sectors=sectors,
    )


def notified(announcement):
    return Notification.objects.filter(dedupe_key=f"announcement:{announcement.pk}")


def test_an_announcement_for_an_area_reaches_every_member_of_its_companies_once(
    lead, beijing, world, new_industries, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        announcement = post(lead, beijing, [new_industries])

    rows = notified(announcement)
    assert sorted(row.recipient_id for row in rows) == sorted(u.pk for u in world["reached"])
    assert not rows.filter(recipient__in=[world["other"], world["gone"]]).exists()
    announcement.refresh_from_db()
    assert announcement.fanned_out_at is not None
    assert announcement.recipients == len(world["reached"])
    # The e-mails went out at once, one per person, after the fan-out committed.
    assert set(rows.values_list("email", flat=True)) == {EmailStatus.SENT}
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in world["reached"])


def test_each_person_reads_it_in_their_language_with_the_centers_name(
    lead, beijing, world, new_industries, applicant, django_capture_on_commit_callbacks
):
    english = next(user for user in world["reached"] if user != applicant)
    english.language = "en"
    english.save(update_fields=["language"])

    with django_capture_on_commit_callbacks(execute=True):
        announcement = post(lead, beijing, [new_industries], title="Trade fair")

    subjects = dict(notified(announcement).values_list("recipient", "subject"))
    assert subjects[english.pk] == "Beijing Export Support Center: Trade fair"
    assert subjects[applicant.pk] == "베이징 수출지원센터: Trade fair"


def test_an_industry_reaches_only_its_own_companies(
    lead, beijing, world, applicant, django_capture_on_commit_callbacks
):
    batteries = applicant.company_memberships.get().company.sector

    with django_capture_on_commit_callbacks(execute=True):
        announcement = post(lead, beijing, [batteries])

    company_a = set(
        CompanyMember.objects.filter(company__sector=batteries).values_list("user", flat=True)
    )
    assert set(notified(announcement).values_list("recipient", flat=True)) == company_a


def test_without_sectors_it_reaches_every_company(
    lead, beijing, world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        announcement = post(lead, beijing, [])

    everyone = {*world["reached"], world["other"]}
    assert set(notified(announcement).values_list("recipient", flat=True)) == {
        user.pk for user in everyone
    }


def test_an_officer_who_does_not_lead_the_center_is_refused(
    client, official, shanghai, beijing_official, beijing, new_industries
):
    with translation.override("en"):
        with pytest.raises(CaseError, match="Only a lead of Shanghai"):
            post(official, shanghai, [new_industries])
        with pytest.raises(CaseError, match="Only a lead of Beijing"):
            post(beijing_official, beijing, [new_industries])

    client.force_login(official)
    assert client.get(reverse("desk:announcement_new")).status_code == 403
    response = client.post(
        reverse("desk:announcement_new"),
        {"center": shanghai.pk, "title": "t", "body": "b"},
    )
    assert response.status_code == 403
    assert not Announcement.objects.exists()


def test_a_lead_cannot_post_for_another_center(lead, shanghai, new_industries):
    with translation.override("en"), pytest.raises(CaseError, match="Only a lead"):
        post(lead, shanghai, [new_industries])


def test_an_administrator_may_post_for_any_open_center(
    administrator, shanghai, world, new_industries, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        announcement = post(administrator, shanghai, [new_industries])

    assert notified(announcement).count() == len(world["reached"])


def test_running_the_fan_out_twice_notifies_nobody_twice(
    lead, beijing, world, new_industries, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        announcement = post(lead, beijing, [new_industries])
    Announcement.objects.filter(pk=announcement.pk).update(fanned_out_at=None)

    with django_capture_on_commit_callbacks(execute=True):
        assert announcements.fan_out(announcement.pk) == 0

    assert notified(announcement).count() == len(world["reached"])
    assert len(mail.outbox) == len(world["reached"])


def test_a_fan_out_that_died_half_way_is_completed_by_the_next_run(
    lead, beijing, world, new_industries, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(announcements, "FAN_OUT_BATCH", 2)
    real_notify = announcements.notify
    calls = []

    def dies_on_the_second_batch(*args, **kwargs):
        calls.append(args[0])
        if len(calls) == 2:
            raise RuntimeError("The worker was killed")
        return real_notify(*args, **kwargs)

    monkeypatch.setattr(announcements, "notify", dies_on_the_second_batch)
    announcement = post(lead, beijing, [new_industries])  # its task waits for the commit
    with pytest.raises(RuntimeError):
        announcements.fan_out(announcement.pk)
    assert notified(announcement).count() == 2
    assert Announcement.objects.get(pk=announcement.pk).fanned_out_at is None

    assert announcements.fan_out(announcement.pk) == len(world["reached"]) - 2

    assert notified(announcement).count() == len(world["reached"])
    assert Announcement.objects.get(pk=announcement.pk).recipients == len(world["reached"])


def test_the_sweep_resumes_fan_outs_that_never_ran(lead, beijing, world, new_industries):
    announcement = post(lead, beijing, [new_industries])  # the on-commit enqueue is lost

    assert resume_announcements() == 0  # just posted: its task is surely on its way
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=3)):
        assert resume_announcements() == 1

    assert notified(announcement).count() == len(world["reached"])
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=3)):
        assert resume_announcements() == 0


def test_a_lead_posts_from_the_desk_with_sectors_grouped_by_area(
    client, lead, beijing, world, new_industries, django_capture_on_commit_callbacks
):
    client.force_login(lead)

    page = client.get(reverse("desk:announcement_new")).content.decode()

    assert 'data-area="new-industries"' in page
    assert "All of New industries" in page
    assert "Electric vehicles" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("desk:announcement_new"),
            {
                "center": beijing.pk,
                "title": "Trade fair in Beijing",
                "body": "Stands are free for SMEs.",
                "sectors": [new_industries.pk],
            },
        )
    assert response.status_code == 302
    assert response.url == reverse("desk:announcements")
    announcement = Announcement.objects.get()
    assert announcement.created_by == lead
    assert list(announcement.sectors.all()) == [new_industries]
    assert notified(announcement).count() == len(world["reached"])


def test_a_form_with_a_missing_title_keeps_what_was_entered(client, lead, beijing, new_industries):
    client.force_login(lead)

    response = client.post(
        reverse("desk:announcement_new"),
        {"center": beijing.pk, "title": "", "body": "Kept text", "sectors": [new_industries.pk]},
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "Kept text" in page
    assert f'value="{new_industries.pk}" id="sector-{new_industries.pk}" checked' in page
    assert not Announcement.objects.exists()


def test_the_list_shows_the_recipient_count(
    client, lead, beijing, world, new_industries, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post(lead, beijing, [new_industries], title="Buyers' meeting")
    post(lead, beijing, [], title="Not sent yet")
    client.force_login(lead)

    page = client.get(reverse("desk:announcements")).content.decode()

    assert "Buyers&#x27; meeting" in page
    assert f'<td class="text-end" data-recipients>{len(world["reached"])}</td>' in page
    assert "Being sent" in page
    assert reverse("desk:announcement_new") in page


def test_an_officer_reads_their_centers_announcements_without_posting(
    client, official, shanghai, beijing, lead, administrator, new_industries
):
    post(administrator, shanghai, [], title="Shanghai news")
    post(lead, beijing, [], title="Beijing news")
    client.force_login(official)

    page = client.get(reverse("desk:announcements")).content.decode()

    assert "Shanghai news" in page
    assert "Beijing news" not in page
    assert reverse("desk:announcement_new") not in page


@pytest.mark.parametrize("count", [1, 20])
def test_the_list_reads_a_fixed_number_of_queries(
    client, lead, beijing, new_industries, django_assert_max_num_queries, count
):
    for n in range(count):
        announcement = post(lead, beijing, [new_industries], title=f"News {n}")
        announcement.sectors.add(SectorFactory(code=f"extra-{n}", parent=new_industries))
    client.force_login(lead)

    # One of them reads the session's second-factor device.
    with django_assert_max_num_queries(11):
        response = client.get(reverse("desk:announcements"))

    assert response.status_code == 200
    assert response.content.decode().count("data-announcement=") == count


def test_company_members_may_choose_how_they_receive_announcements(db):
    user = UserFactory(role="company_member")

    assert "announcement" in {kind.code for kind in kinds_for(user)}
