"""Companies' difficulties in China: routed to the province's center, on an SLA that stops
while the company is asked for more, and never showing the officials' notes to the company."""

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.errors import CaseError
from centers.models import StaffAssignment
from centers.services import center_set_jurisdiction
from notifications.models import Notification
from outreach import difficulties
from outreach.models import Difficulty, DifficultyEntry
from tests.factories import CompanyFactory, DifficultyFactory

SEOUL = datetime.timezone(datetime.timedelta(hours=9))
# A fortnight without public holidays.
TUESDAY = datetime.datetime(2026, 12, 1, 10, 0, tzinfo=SEOUL)


@pytest.fixture
def jurisdictions(shanghai, beijing):
    center_set_jurisdiction(center=shanghai, provinces=["CN-SH", "CN-JS"])
    center_set_jurisdiction(center=beijing, provinces=["CN-BJ"])


def company_of(user):
    return user.company_memberships.get().company


def report(applicant, province="CN-SH", **kwargs):
    return difficulties.difficulty_report(
        company=company_of(applicant),
        by=applicant,
        kind=kwargs.pop("kind", "customs"),
        province=province,
        authority="Yangshan port customs",
        description="Forty pallets of battery cells held since Monday.",
        **kwargs,
    )


def test_it_goes_to_the_center_of_the_province_and_tells_its_officials(
    applicant, official, jurisdictions, shanghai
):
    difficulty = report(applicant, province="CN-JS")

    assert difficulty.center == shanghai
    assert Notification.objects.filter(recipient=official, kind="difficulty_reported").exists()


def test_a_province_no_center_covers_goes_to_the_headquarters(applicant, jurisdictions, beijing):
    assert report(applicant, province="CN-GD").center == beijing


def test_only_a_member_of_the_company_may_report_for_it(applicant, other_applicant, jurisdictions):
    with pytest.raises(CaseError):
        difficulties.difficulty_report(
            company=company_of(applicant),
            by=other_applicant,
            kind="customs",
            province="CN-SH",
            authority="x",
            description="y",
        )


def test_the_clock_stops_while_the_company_is_asked_for_more(
    client, applicant, official, jurisdictions
):
    # The officer has worked at the center since long before.
    StaffAssignment.objects.filter(official__user=official).update(
        starts_on=datetime.date(2020, 1, 1)
    )
    with time_machine.travel(TUESDAY, tick=False):
        difficulty = report(applicant)
    # Ten business days from Tuesday 1 December: Tuesday 15 December.
    assert difficulty.due_on == datetime.date(2026, 12, 15)

    with time_machine.travel(TUESDAY + datetime.timedelta(days=1), tick=False):
        difficulties.difficulty_record(
            difficulty=difficulty, by=official, kind="asked", text="Send the customs notice."
        )
        client.force_login(official)
        page = client.get(reverse("desk:difficulty", args=[difficulty.pk]))
        assert "Waiting for the company" in page.content.decode()

    # Asked on Wednesday, the company answers the next Tuesday: it had the difficulty four
    # business days (Thursday, Friday, Monday, Tuesday), and the outcome moves four later.
    with time_machine.travel(TUESDAY + datetime.timedelta(days=7), tick=False):
        client.force_login(applicant)
        response = client.post(
            reverse("portal:difficulty", args=[difficulty.pk]),
            {"text": "Here it is.", "attachment": SimpleUploadedFile("notice.pdf", PDF)},
        )
    assert response.status_code == 302
    difficulty.refresh_from_db()
    assert difficulty.status == Difficulty.Status.IN_PROGRESS
    assert difficulty.paused_at is None
    assert difficulty.due_on == datetime.date(2026, 12, 21)
    assert difficulty.attachments.get().original_name == "notice.pdf"


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_the_company_reads_the_actions_and_the_outcome_never_the_internal_notes(
    client, applicant, official, jurisdictions
):
    difficulty = report(applicant)
    difficulties.difficulty_record(
        difficulty=difficulty, by=official, kind="action", text="Wrote to Shanghai Customs."
    )
    difficulties.difficulty_record(
        difficulty=difficulty, by=official, kind="note", text="Their broker mislabelled the HS code"
    )
    difficulties.difficulty_close(
        difficulty=difficulty, by=official, outcome="resolved", reason="Released on 5 March."
    )

    client.force_login(applicant)
    page = client.get(reverse("portal:difficulty", args=[difficulty.pk])).content.decode()
    assert "Wrote to Shanghai Customs." in page
    assert "Released on 5 March." in page
    assert "Resolved" in page
    assert "mislabelled" not in page
    assert "Internal note" not in page
    # The officials read it on the desk.
    client.force_login(official)
    desk = client.get(reverse("desk:difficulty", args=[difficulty.pk])).content.decode()
    assert "mislabelled" in desk


def test_a_closed_difficulty_takes_no_more_actions(applicant, official, jurisdictions):
    difficulty = report(applicant)
    difficulties.difficulty_close(
        difficulty=difficulty, by=official, outcome="not_resolved", reason="Out of our reach."
    )
    with pytest.raises(CaseError):
        difficulties.difficulty_record(difficulty=difficulty, by=official, kind="action", text="x")


def test_an_official_of_another_center_can_act_on_nothing_and_sees_404(
    client, applicant, beijing_official, jurisdictions
):
    difficulty = report(applicant)
    with pytest.raises(CaseError):
        difficulties.difficulty_record(
            difficulty=difficulty, by=beijing_official, kind="action", text="x"
        )
    client.force_login(beijing_official)
    assert client.get(reverse("desk:difficulty", args=[difficulty.pk])).status_code == 404
    response = client.post(
        reverse("desk:difficulty_close", args=[difficulty.pk]),
        {"outcome": "resolved", "reason": "x"},
    )
    assert response.status_code == 404


def test_the_report_page_keeps_what_was_typed_and_names_the_missing_field(client, applicant):
    client.force_login(applicant)
    response = client.post(
        reverse("portal:difficulty_new"),
        {
            "company": company_of(applicant).pk,
            "kind": "customs",
            "province": "CN-SH",
            "description": "Held at the port.",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Held at the port." in page
    assert "This field is required." in page


def test_a_company_reports_through_its_page(client, applicant, jurisdictions, shanghai):
    client.force_login(applicant)
    response = client.post(
        reverse("portal:difficulty_new"),
        {
            "company": company_of(applicant).pk,
            "kind": "certification",
            "province": "CN-SH",
            "authority": "SAMR Shanghai",
            "description": "CCC renewal refused.",
        },
    )
    difficulty = Difficulty.objects.get()
    assert response.url == reverse("portal:difficulty", args=[difficulty.pk])
    assert difficulty.center == shanghai
    assert difficulty.entries.get().kind == DifficultyEntry.Kind.REPORTED


@pytest.mark.parametrize("count", [3, 60])
def test_the_desk_tab_runs_the_same_queries_for_3_and_for_60(
    client, official, shanghai, django_assert_max_num_queries, count
):
    for company in CompanyFactory.create_batch(count):
        DifficultyFactory(company=company, center=shanghai)
    client.force_login(official)
    with django_assert_max_num_queries(9):
        response = client.get(reverse("desk:difficulties"))
    assert response.context["open_difficulties"] == count


@pytest.mark.parametrize("count", [3, 60])
def test_my_difficulties_runs_the_same_queries_for_3_and_for_60(
    client, applicant, shanghai, django_assert_max_num_queries, count
):
    company = company_of(applicant)
    DifficultyFactory.create_batch(count, company=company, center=shanghai)
    client.force_login(applicant)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("portal:difficulties"))
    assert response.content.decode().count("data-difficulty=") == count


def test_another_company_gets_404_for_the_difficulty_and_its_files(
    client, applicant, other_applicant, jurisdictions
):
    difficulty = report(applicant, attachments=[SimpleUploadedFile("notice.pdf", PDF)])
    file_pk = difficulty.attachments.get().pk
    client.force_login(other_applicant)
    assert client.get(reverse("portal:difficulty", args=[difficulty.pk])).status_code == 404
    url = reverse("portal:difficulty_file", args=[difficulty.pk, file_pk])
    assert client.get(url).status_code == 404
    assert "Yangshan" not in client.get(reverse("portal:difficulties")).content.decode()


def test_a_refused_second_file_leaves_no_file_and_no_report(applicant, jurisdictions, settings):
    with pytest.raises(CaseError):
        report(
            applicant,
            attachments=[
                SimpleUploadedFile("notice.pdf", PDF),
                SimpleUploadedFile("virus.exe", b"MZ\x90\x00 not a document"),
            ],
        )
    assert not Difficulty.objects.exists()
    folder = settings.MEDIA_ROOT / "difficulties"
    assert not folder.exists() or not any(path.is_file() for path in folder.rglob("*"))


def test_an_internal_note_tells_the_company_nothing_and_an_action_tells_it(
    applicant, official, jurisdictions, mailoutbox
):
    difficulty = report(applicant)
    difficulties.difficulty_record(
        difficulty=difficulty, by=official, kind="note", text="Broker mislabelled the code"
    )
    assert not Notification.objects.filter(recipient=applicant).exists()
    difficulties.difficulty_record(
        difficulty=difficulty, by=official, kind="action", text="Wrote to the customs office."
    )
    told = Notification.objects.get(recipient=applicant, kind="difficulty_updated")
    assert "Wrote to the customs office." in told.body
    assert not any("mislabelled" in message.body for message in mailoutbox)
