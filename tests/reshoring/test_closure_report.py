"""The company reports a closure or a shortfall on its relocation page: the obligations are
checked at once, by the same rule as an official's check, and the official is told."""

from django.urls import reverse

from notifications.models import Notification
from reshoring.models import Recovery
from tests.reshoring.test_recovery import PAID, paid  # noqa: F401 (a fixture)

CONFIRMED = {"report-cause": "closure", "report-confirm": "on"}


def url(case):
    return reverse("portal:closure_report", args=[case.pk])


def test_the_company_reports_its_closure_and_is_told_what_to_pay_back(
    client,
    applicant,
    official,
    paid,  # noqa: F811
):
    client.force_login(applicant)
    page = client.get(reverse("portal:relocation", args=[paid.pk])).content.decode()
    assert "Report a closure or a shortfall" in page

    response = client.post(url(paid), CONFIRMED, follow=True)

    page = response.content.decode()
    assert "4,500,000,000 won is to be paid back" in page
    assert "Report a closure or a shortfall" not in page
    recovery = Recovery.objects.get(case=paid)
    assert (recovery.cause, recovery.amount, recovery.opened_by) == ("closure", PAID, applicant)
    assert Notification.objects.get(kind="obligations_checked").recipient == official
    assert Notification.objects.filter(kind="recovery_opened", recipient=applicant).exists()
    assert paid.events.last().actor == applicant


def test_a_shortfall_is_computed_from_the_figures_reported(client, applicant, paid):  # noqa: F811
    client.force_login(applicant)
    response = client.post(
        url(paid),
        {
            "report-cause": "shortfall",
            "report-realised_jobs": "90",
            "report-months_operated": "60",
            "report-confirm": "on",
        },
    )
    assert response.status_code == 302
    # 90 of 120 jobs: a quarter of the 4.5 bn paid.
    assert Recovery.objects.get(case=paid).amount == 1_125_000_000


def test_without_the_confirmation_nothing_happens_and_nothing_is_lost(
    client,
    applicant,
    paid,  # noqa: F811
):
    client.force_login(applicant)
    response = client.post(url(paid), {"report-cause": "shortfall", "report-realised_jobs": "90"})

    assert response.status_code == 400
    page = response.content.decode()
    assert "This field is required." in page  # the confirmation
    assert "Needed to compute the shortfall." in page  # the months
    assert 'value="90"' in page
    assert not Recovery.objects.exists()
    assert not Notification.objects.filter(kind="obligations_checked").exists()


def test_before_the_schedule_is_fixed_there_is_nothing_to_report(client, applicant, relocating):
    client.force_login(applicant)
    page = client.get(reverse("portal:relocation", args=[relocating.pk])).content.decode()
    assert "Report a closure or a shortfall" not in page

    response = client.post(url(relocating), CONFIRMED)

    assert response.status_code == 400
    assert "schedule is not fixed yet: tell your trade official" in response.content.decode()
    assert not Recovery.objects.exists()


def test_only_the_company_reports(
    client,
    other_applicant,
    official,
    beijing_official,
    paid,  # noqa: F811
):
    for user in (other_applicant, official, beijing_official):
        client.force_login(user)
        assert client.post(url(paid), CONFIRMED).status_code == 404, user
    assert not Recovery.objects.exists()
