"""The decision as the company reads it: on the case's page and in the letter it prints."""

from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases import services
from centers.services import center_set_jurisdiction
from tests.factories import (
    PDF_BYTES,
    CaseFactory,
    DocumentTypeFactory,
    ProgramFactory,
    StaffAssignmentFactory,
)


@pytest.fixture
def shanghai_lead(shanghai):
    return StaffAssignmentFactory(
        center=shanghai,
        role="lead",
        official__title="Director",
        official__user__full_name="Kim Minji",
    ).official.user


@pytest.fixture
def case(applicant, shanghai, official):
    """Company A's application, submitted to the Shanghai center and taken by its officer."""
    center_set_jurisdiction(center=shanghai, provinces=["CN-SH"])
    business_plan = DocumentTypeFactory(code="business-plan")
    case = CaseFactory(
        company=applicant.company_memberships.get().company,
        program=ProgramFactory(name_en="Battery export loan", required_documents=[business_plan]),
        created_by=applicant,
        amount_requested=50_000_000,
        purpose="Open a distribution channel in Shanghai for our cells.",
        target_province="CN-SH",
        target_city="Shanghai",
        planned_exports_to_china="1250000.50",
    )
    services.document_add(
        case=case,
        by=applicant,
        document_type=business_plan,
        upload=SimpleUploadedFile("plan.pdf", PDF_BYTES, "application/pdf"),
    )
    services.case_submit(case=case, by=applicant)
    return services.transition(case=case, action="take", by=official)


@pytest.fixture
def approved(case, shanghai_lead):
    return services.transition(
        case=case,
        action="approve",
        by=shanghai_lead,
        amount=45_000_000,
        conditions="Report the exports made with the support within 12 months.",
    )


@pytest.fixture
def rejected(case, shanghai_lead):
    return services.transition(
        case=case,
        action="reject",
        by=shanghai_lead,
        reasons=["not_viable", "other"],
        explanation="The buyer's letter of intent is not signed.",
    )


def test_the_letter_of_an_approval_shows_the_amount_and_the_conditions(client, applicant, approved):
    client.force_login(applicant)

    page = client.get(reverse("portal:letter", args=[approved.pk])).content.decode()

    assert "China Export Support Desk" in page
    assert "Shanghai Export Support Center" in page
    assert approved.reference in page
    assert "Hanbit Battery Co., Ltd." in page
    assert approved.company.business_number_display in page
    assert "Battery export loan" in page
    assert "45,000,000 won" in page
    assert "Report the exports made with the support within 12 months." in page
    assert "Kim Minji" in page and "Director" in page
    # Printing is styled and started by static files: the Content-Security-Policy allows no
    # inline style or script.
    assert "<style" not in page and "onclick" not in page
    assert "/static/css/letter.css" in page and "/static/js/print.js" in page
    assert "@media print" in Path(finders.find("css/letter.css")).read_text()
    assert "window.print()" in Path(finders.find("js/print.js")).read_text()


def test_the_letter_of_a_rejection_names_the_reasons_and_the_explanation(
    client, applicant, rejected
):
    client.force_login(applicant)

    page = client.get(reverse("portal:letter", args=[rejected.pk])).content.decode()

    assert "rejected" in page
    assert "The export plan is not viable as presented" in page
    assert "Another reason, explained below" in page
    assert "The buyer&#x27;s letter of intent is not signed." in page
    assert "not_viable" not in page


def test_the_case_page_shows_the_decision_and_links_to_the_letter(client, applicant, approved):
    client.force_login(applicant)

    page = client.get(reverse("portal:detail", args=[approved.pk])).content.decode()

    assert "The decision" in page
    assert "45,000,000 won" in page
    assert "Report the exports made with the support within 12 months." in page
    assert reverse("portal:letter", args=[approved.pk]) in page


def test_the_case_page_of_a_rejection_shows_the_reasons_by_their_labels(
    client, applicant, rejected
):
    client.force_login(applicant)

    page = client.get(reverse("portal:detail", args=[rejected.pk])).content.decode()

    assert "The export plan is not viable as presented" in page
    assert "The buyer&#x27;s letter of intent is not signed." in page


def test_the_officials_of_the_center_and_administrators_read_the_letter_too(
    client, approved, official, administrator, beijing_official
):
    url = reverse("portal:letter", args=[approved.pk])
    answers = {}
    for name, user in [
        ("official", official),
        ("administrator", administrator),
        ("another center's official", beijing_official),
    ]:
        client.force_login(user)
        answers[name] = client.get(url).status_code

    assert answers == {
        "official": 200,
        "administrator": 200,
        "another center's official": 404,
    }


def test_a_member_of_another_company_gets_404_for_the_letter(client, other_applicant, approved):
    client.force_login(other_applicant)

    assert client.get(reverse("portal:letter", args=[approved.pk])).status_code == 404


def test_there_is_no_letter_before_a_decision_even_with_a_proposal(
    client, applicant, case, official
):
    services.transition(
        case=case,
        action="recommend",
        by=official,
        outcome="reject",
        reasons=["not_viable"],
        explanation="Thin plan",
    )
    client.force_login(applicant)

    letter = client.get(reverse("portal:letter", args=[case.pk]))
    page = client.get(reverse("portal:detail", args=[case.pk])).content.decode()

    assert letter.status_code == 404
    assert "The export plan is not viable" not in page and "Thin plan" not in page


def test_a_closed_file_keeps_its_decision_letter(client, applicant, approved, shanghai_lead):
    services.transition(case=approved, action="close", by=shanghai_lead, reason="Paid out")
    client.force_login(applicant)

    response = client.get(reverse("portal:letter", args=[approved.pk]))

    assert response.status_code == 200
    assert "45,000,000 won" in response.content.decode()
