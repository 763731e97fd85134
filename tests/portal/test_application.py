import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from cases.models import Case, CaseState
from tests.factories import (
    PDF_BYTES,
    CaseFactory,
    CompanyMemberFactory,
    DocumentFactory,
    DocumentTypeFactory,
    ProgramFactory,
    SectorFactory,
)


@pytest.fixture
def company(applicant):
    return applicant.company_memberships.get().company


@pytest.fixture
def business_plan(db):
    return DocumentTypeFactory(code="business-plan", name_en="Business plan")


@pytest.fixture
def program(business_plan):
    return ProgramFactory(
        code="battery-loan",
        name_en="Battery export loan",
        min_amount=10_000_000,
        max_amount=100_000_000,
        required_documents=[business_plan],
    )


@pytest.fixture
def draft(company, program, applicant):
    return CaseFactory(company=company, program=program, created_by=applicant)


def pdf(name="plan.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def complete(**overrides):
    return {
        "amount_requested": "50000000",
        "purpose": "Open a distribution channel in Shanghai for our cells.",
        "target_province": "CN-SH",
        "target_city": "Shanghai",
        "planned_exports_to_china": "1250000.50",
        **overrides,
    }


def test_it_starts_a_draft_and_resumes_it_on_a_second_apply(client, applicant, company, program):
    client.force_login(applicant)
    url = reverse("portal:apply", args=[program.code])

    first = client.post(url, {"company": company.pk})
    second = client.post(url, {"company": company.pk})

    case = Case.objects.get()
    assert first.url == second.url == reverse("portal:edit", args=[case.pk])
    assert case.state == CaseState.DRAFT and case.company == company


def test_it_refuses_to_start_an_application_the_company_cannot_make(client, applicant, company):
    closed = ProgramFactory(
        code="closed",
        opens_at=timezone.now() - timezone.timedelta(days=20),
        closes_at=timezone.now() - timezone.timedelta(days=10),
    )
    client.force_login(applicant)

    response = client.post(
        reverse("portal:apply", args=[closed.code]), {"company": company.pk}, follow=True
    )

    assert Case.objects.count() == 0
    assert "Applications closed on" in response.content.decode()


def test_it_sends_an_unverified_applicant_to_confirm_the_address_first(
    client, applicant, company, program
):
    applicant.email_verified_at = None
    applicant.save()
    client.force_login(applicant)

    response = client.post(reverse("portal:apply", args=[program.code]), {"company": company.pk})

    assert response.url == reverse("accounts:verification_required")
    assert Case.objects.count() == 0


def test_it_will_not_apply_in_the_name_of_another_company(client, applicant, program):
    other = CompanyMemberFactory().company
    client.force_login(applicant)

    response = client.post(reverse("portal:apply", args=[program.code]), {"company": other.pk})

    assert response.status_code == 404
    assert Case.objects.count() == 0


def test_it_saves_a_draft_for_any_member_to_resume(client, applicant, company, draft):
    colleague = CompanyMemberFactory(company=company).user
    client.force_login(applicant)
    client.post(reverse("portal:edit", args=[draft.pk]), complete(intent="save"))

    client.force_login(colleague)
    page = client.get(reverse("portal:edit", args=[draft.pk])).content.decode()

    assert "Open a distribution channel in Shanghai" in page
    draft.refresh_from_db()
    assert draft.amount_requested == 50_000_000


def test_an_amount_outside_the_limits_is_named_and_the_rest_stays_on_screen(
    client, applicant, draft
):
    client.force_login(applicant)

    response = client.post(
        reverse("portal:edit", args=[draft.pk]), complete(amount_requested="500000000")
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "This program pays between 10,000,000 won and 100,000,000 won per case." in page
    assert "Open a distribution channel in Shanghai" in page
    draft.refresh_from_db()
    assert draft.purpose.startswith("Open a distribution channel")  # saved, not just shown
    assert draft.amount_requested is None


def test_a_file_that_only_pretends_to_be_a_pdf_is_refused_and_the_draft_kept(
    client, applicant, draft, business_plan
):
    client.force_login(applicant)
    fake = SimpleUploadedFile("plan.pdf", b"MZ\x90\x00 this is a program", "application/pdf")

    response = client.post(
        reverse("portal:edit", args=[draft.pk]),
        {**complete(intent="save"), f"document_{business_plan.pk}": fake},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "“plan.pdf” is not a file type we accept, whatever its name says." in page
    draft.refresh_from_db()
    assert draft.purpose.startswith("Open a distribution channel")
    assert draft.documents.count() == 0


def test_a_file_over_20_mb_is_refused(client, applicant, draft, business_plan):
    client.force_login(applicant)
    big = SimpleUploadedFile("plan.pdf", PDF_BYTES + b"0" * (20 * 1024 * 1024), "application/pdf")

    response = client.post(
        reverse("portal:edit", args=[draft.pk]), {f"document_{business_plan.pk}": big}
    )

    assert "The file is larger than 20 MB." in response.content.decode()
    assert draft.documents.count() == 0


def test_it_refuses_to_submit_with_a_document_missing_and_says_which(client, applicant, draft):
    client.force_login(applicant)

    response = client.post(reverse("portal:edit", args=[draft.pk]), complete(intent="submit"))

    page = response.content.decode()
    assert "The application cannot be submitted yet:" in page
    assert "Missing: Business plan" in page
    draft.refresh_from_db()
    assert draft.state == CaseState.DRAFT and draft.reference is None


def test_it_submits_a_complete_application_with_a_reference_and_a_receipt(
    client, applicant, draft, business_plan
):
    client.force_login(applicant)

    response = client.post(
        reverse("portal:edit", args=[draft.pk]),
        {**complete(intent="submit"), f"document_{business_plan.pk}": pdf()},
        follow=True,
    )

    draft.refresh_from_db()
    assert draft.state == CaseState.SUBMITTED
    assert re.fullmatch(rf"FIN-{timezone.localdate().year}-{draft.pk:06d}", draft.reference)
    page = response.content.decode()
    assert f"Your application is submitted. Its reference is {draft.reference}." in page
    assert "Application submitted" in page  # the history
    assert [e.action for e in draft.events.all()] == ["edit", "upload", "submit"]
    # Submitted is final for the company: the edit page now shows the case instead.
    assert client.get(reverse("portal:edit", args=[draft.pk])).url == reverse(
        "portal:detail", args=[draft.pk]
    )


def test_a_document_downloads_only_through_the_checked_view(client, applicant, draft):
    document = DocumentFactory(case=draft)
    client.force_login(applicant)

    response = client.get(reverse("portal:document", args=[draft.pk, document.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert 'attachment; filename="plan.pdf"' in response["Content-Disposition"]


def test_a_member_of_another_company_gets_404_for_every_url_of_the_case(
    client, other_applicant, draft
):
    document = DocumentFactory(case=draft)
    client.force_login(other_applicant)

    answers = {
        "detail": client.get(reverse("portal:detail", args=[draft.pk])).status_code,
        "edit get": client.get(reverse("portal:edit", args=[draft.pk])).status_code,
        "edit post": client.post(
            reverse("portal:edit", args=[draft.pk]), complete(intent="submit")
        ).status_code,
        "withdraw": client.post(
            reverse("portal:withdraw", args=[draft.pk]), {"reason": "x"}
        ).status_code,
        "document": client.get(
            reverse("portal:document", args=[draft.pk, document.pk])
        ).status_code,
    }

    assert answers == dict.fromkeys(answers, 404)
    draft.refresh_from_db()
    assert draft.state == CaseState.DRAFT and draft.purpose == ""


def test_a_submitted_application_can_be_withdrawn_with_a_reason(
    client, applicant, draft, business_plan
):
    client.force_login(applicant)
    client.post(
        reverse("portal:edit", args=[draft.pk]),
        {**complete(intent="submit"), f"document_{business_plan.pk}": pdf()},
    )

    refused = client.post(reverse("portal:withdraw", args=[draft.pk]), {"reason": " "}, follow=True)
    draft.refresh_from_db()
    assert draft.state == CaseState.SUBMITTED
    assert "Say why the application is withdrawn." in refused.content.decode()

    client.post(reverse("portal:withdraw", args=[draft.pk]), {"reason": "We found a buyer."})
    draft.refresh_from_db()
    assert draft.state == CaseState.WITHDRAWN
    assert draft.events.last().note == "We found a buyer."


def test_a_draft_cannot_be_withdrawn(client, applicant, draft):
    client.force_login(applicant)

    response = client.post(
        reverse("portal:withdraw", args=[draft.pk]), {"reason": "x"}, follow=True
    )

    draft.refresh_from_db()
    assert draft.state == CaseState.DRAFT
    assert "This is not possible while the case is “Draft”." in response.content.decode()


@pytest.mark.parametrize("cases", [2, 20])
def test_my_applications_runs_a_constant_number_of_queries(
    client, applicant, company, django_assert_max_num_queries, cases
):
    for _ in range(cases):
        CaseFactory(company=company, program=ProgramFactory(sectors=[SectorFactory()]))
    client.force_login(applicant)

    with django_assert_max_num_queries(6):
        response = client.get(reverse("portal:my_cases"))

    assert response.content.decode().count("Complete the application and submit it.") == cases


def test_submitting_routes_the_case_to_the_center_and_a_suggested_official(
    client, applicant, draft, business_plan, shanghai, official
):
    from centers.services import center_set_jurisdiction

    center_set_jurisdiction(center=shanghai, provinces=["CN-SH"])
    client.force_login(applicant)

    client.post(
        reverse("portal:edit", args=[draft.pk]),
        {**complete(intent="submit"), f"document_{business_plan.pk}": pdf()},
    )

    draft.refresh_from_db()
    assert draft.center == shanghai
    assert draft.suggested_official == official.trade_official
    # Now the official of that center sees it, and one of another center does not.
    client.force_login(official)
    assert client.get(reverse("portal:detail", args=[draft.pk])).status_code == 200


@pytest.mark.parametrize(
    "posted", [{}, {"company": "abc"}, {"company": "1 OR 1=1"}, {"company": "²"}]
)
def test_a_malformed_company_is_not_found_rather_than_an_error(client, applicant, program, posted):
    client.force_login(applicant)

    response = client.post(reverse("portal:apply", args=[program.code]), posted)

    assert response.status_code == 404
    assert Case.objects.count() == 0


def test_a_download_carries_the_extension_of_what_the_file_is(client, applicant, draft):
    document = DocumentFactory(case=draft, original_name="plan.hta")
    client.force_login(applicant)

    response = client.get(reverse("portal:document", args=[draft.pk, document.pk]))

    assert 'filename="plan.pdf"' in response["Content-Disposition"]


def submit(client, user, case, document_type):
    client.force_login(user)
    return client.post(
        reverse("portal:edit", args=[case.pk]),
        {**complete(intent="submit"), f"document_{document_type.pk}": pdf()},
    )


def test_a_company_has_one_live_application_per_program(
    client, applicant, company, program, draft, business_plan
):
    submit(client, applicant, draft, business_plan)
    draft.refresh_from_db()

    response = client.post(
        reverse("portal:apply", args=[program.code]), {"company": company.pk}, follow=True
    )

    assert Case.objects.count() == 1
    assert (
        f"Your company already has an application to this program: {draft.reference}."
        in response.content.decode()
    )


def test_only_active_officials_of_the_cases_center_see_it(
    client, applicant, draft, business_plan, shanghai, official, beijing_official
):
    from centers.services import center_set_jurisdiction

    center_set_jurisdiction(center=shanghai, provinces=["CN-SH"])
    submit(client, applicant, draft, business_plan)
    document = draft.documents.get()
    urls = [
        reverse("portal:detail", args=[draft.pk]),
        reverse("portal:document", args=[draft.pk, document.pk]),
    ]

    client.force_login(beijing_official)
    assert [client.get(url).status_code for url in urls] == [404, 404]
    client.force_login(official)
    assert [client.get(url).status_code for url in urls] == [200, 200]
    official.trade_official.is_active = False
    official.trade_official.save()
    assert [client.get(url).status_code for url in urls] == [404, 404]


def test_a_case_without_any_center_is_logged_for_the_administrators(
    client, applicant, draft, business_plan, caplog
):
    submit(client, applicant, draft, business_plan)

    draft.refresh_from_db()
    assert draft.state == CaseState.SUBMITTED and draft.center is None
    assert f"Case {draft.reference} has no center" in caplog.text
