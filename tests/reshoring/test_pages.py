"""The relocation phase on its pages: the official fixes the schedule, verifies and pays from
the case page; the company uploads its evidence and sees what was paid. Everyone else: 404."""

import pytest
from django.urls import reverse

from reshoring.models import Milestone, Payment, Tranche
from tests.reshoring.conftest import SCHEDULE
from tests.reshoring.test_schedule_and_payments import PAID_ON, evidence, verified


def schedule_post(case, **changes):
    data = {}
    for milestone in case.milestones.all():
        data[f"schedule-amount_{milestone.kind}"] = SCHEDULE.get(milestone.kind, 0)
        data[f"schedule-due_{milestone.kind}"] = milestone.due_on.isoformat()
    data.update(changes)
    return data


def test_the_official_fixes_the_schedule_on_the_case_page(client, official, relocating):
    client.force_login(official)
    page = client.get(reverse("desk:case", args=[relocating.pk])).content.decode()
    assert "Fix the tranches and due dates" in page

    response = client.post(
        reverse("desk:schedule_fix", args=[relocating.pk]), schedule_post(relocating)
    )

    assert response.status_code == 302
    assert Tranche.objects.filter(case=relocating).count() == 5
    page = client.get(reverse("desk:case", args=[relocating.pk])).content.decode()
    assert "Fix the tranches and due dates" not in page
    assert "1,800,000,000 won" in page


def test_a_schedule_that_does_not_add_up_is_refused_and_kept(client, official, relocating):
    client.force_login(official)
    response = client.post(
        reverse("desk:schedule_fix", args=[relocating.pk]),
        schedule_post(relocating, **{"schedule-amount_plan": 1}),
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "The tranches add up to 8,100,000,001 won; the approved amount is 9,000,000,000" in page
    assert 'value="1"' in page
    assert not Tranche.objects.exists()


def test_the_company_uploads_evidence_the_official_verifies_and_pays_and_the_company_sees_it(
    client, applicant, official, scheduled
):
    milestone = scheduled.milestones.get(kind="site")
    client.force_login(applicant)
    response = client.post(
        reverse("portal:evidence_upload", args=[scheduled.pk, milestone.pk]),
        {"evidence": evidence()},
    )
    assert response.status_code == 302

    client.force_login(official)
    page = client.get(reverse("desk:case", args=[scheduled.pk])).content.decode()
    assert "Verify “Site secured in Korea”" in page
    client.post(reverse("desk:milestone_verify", args=[scheduled.pk, milestone.pk]))
    tranche = Tranche.objects.get(milestone=milestone)
    client.post(
        reverse("desk:tranche_pay", args=[scheduled.pk, tranche.pk]),
        {"paid_on": PAID_ON.isoformat()},
    )
    assert Payment.objects.get().amount == 1_800_000_000

    client.force_login(applicant)
    page = client.get(reverse("portal:relocation", args=[scheduled.pk])).content.decode()
    assert "Paid 2 April 2027" in page or "Paid April 2, 2027" in page
    assert "1,800,000,000 won" in page
    assert "lease.pdf" in page


def test_a_payment_posted_twice_is_recorded_once(client, applicant, official, scheduled):
    verified(scheduled, "site", company_user=applicant, official=official)
    tranche = Tranche.objects.get(milestone__kind="site")
    client.force_login(official)
    url = reverse("desk:tranche_pay", args=[scheduled.pk, tranche.pk])

    client.post(url, {"paid_on": PAID_ON.isoformat()})
    response = client.post(url, {"paid_on": PAID_ON.isoformat()})

    assert response.status_code == 400
    assert "This tranche is paid already." in response.content.decode()
    assert Payment.objects.count() == 1


def test_a_returned_milestone_shows_the_reason_to_the_company(
    client, applicant, official, scheduled
):
    milestone = scheduled.milestones.get(kind="plan")
    client.force_login(applicant)
    client.post(
        reverse("portal:evidence_upload", args=[scheduled.pk, milestone.pk]),
        {"evidence": evidence()},
    )
    client.force_login(official)
    client.post(
        reverse("desk:milestone_return", args=[scheduled.pk, milestone.pk]),
        {"reason": "The board resolution is unsigned."},
    )

    client.force_login(applicant)
    page = client.get(reverse("portal:relocation", args=[scheduled.pk])).content.decode()
    assert "Returned to the company" in page
    assert "The board resolution is unsigned." in page


def test_a_refused_file_is_named_at_its_milestone(client, applicant, scheduled):
    milestone = scheduled.milestones.get(kind="plan")
    client.force_login(applicant)
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        reverse("portal:evidence_upload", args=[scheduled.pk, milestone.pk]),
        {"evidence": SimpleUploadedFile("run.exe", b"MZ\x90\x00" * 10)},
    )

    assert response.status_code == 400
    assert "is not a file type we accept" in response.content.decode()
    assert Milestone.objects.get(pk=milestone.pk).state == Milestone.State.DUE


@pytest.fixture
def evidenced(scheduled, applicant):
    from reshoring import services

    milestone = scheduled.milestones.get(kind="site")
    services.evidence_add(milestone=milestone, by=applicant, upload=evidence())
    return milestone


def test_another_company_gets_404_on_every_company_page(client, other_applicant, evidenced):
    case = evidenced.case
    client.force_login(other_applicant)
    for name, args in [
        ("portal:relocation", [case.pk]),
        ("portal:evidence_file", [case.pk, evidenced.pk]),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 404, name
    url = reverse("portal:evidence_upload", args=[case.pk, evidenced.pk])
    assert client.post(url, {"evidence": evidence()}).status_code == 404


def test_another_center_gets_404_on_every_desk_action(client, beijing_official, evidenced):
    case = evidenced.case
    tranche = Tranche.objects.get(milestone=evidenced)
    client.force_login(beijing_official)
    for url in [
        reverse("desk:schedule_fix", args=[case.pk]),
        reverse("desk:milestone_verify", args=[case.pk, evidenced.pk]),
        reverse("desk:milestone_return", args=[case.pk, evidenced.pk]),
        reverse("desk:tranche_pay", args=[case.pk, tranche.pk]),
        reverse("desk:recovery", args=[case.pk]),
        reverse("desk:repayment", args=[case.pk]),
    ]:
        assert client.post(url, {"reason": "x"}).status_code == 404, url
    assert (
        client.get(reverse("portal:evidence_file", args=[case.pk, evidenced.pk])).status_code == 404
    )
    assert Milestone.objects.get(pk=evidenced.pk).state == Milestone.State.SUBMITTED


def test_the_official_opens_a_recovery_and_the_company_sees_what_to_pay_back(
    client, applicant, official, scheduled
):
    verified(scheduled, "plan", company_user=applicant, official=official)
    from reshoring import services

    services.payment_record(
        tranche=Tranche.objects.get(milestone__kind="plan"), by=official, paid_on=PAID_ON
    )
    client.force_login(official)
    response = client.post(
        reverse("desk:recovery", args=[scheduled.pk]),
        {"recovery-cause": "check", "recovery-realised_jobs": 60, "recovery-months_operated": 60},
    )
    assert response.status_code == 302

    client.force_login(applicant)
    page = client.get(reverse("portal:relocation", args=[scheduled.pk])).content.decode()
    # Half the 120 jobs are missing: half of the 900,000,000 won paid.
    assert "450,000,000 won" in page
    assert "60 of 120 jobs" in page


def test_a_reshoring_case_shows_its_plan_not_the_china_market_entry_fields(
    client, applicant, official, relocating
):
    client.force_login(official)
    desk_page = client.get(reverse("desk:case", args=[relocating.pk])).content.decode()
    client.force_login(applicant)
    company_page = client.get(reverse("portal:detail", args=[relocating.pk])).content.decode()

    for page in (desk_page, company_page):
        assert "Planned exports to China" not in page
    assert "Ochang Science Industrial Complex" in desk_page
    assert reverse("portal:relocation", args=[relocating.pk]) in company_page
