"""Names where codes were (issue 16, item 2): the desk's queue and its CSV show the program
and the center by name, dates in the locale's format and amounts with separators; the
company's case history names the document type."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from cases import services
from cases.models import CaseState
from centers.models import StaffAssignment
from tests.factories import (
    PDF_BYTES,
    CaseFactory,
    CompanyMemberFactory,
    DocumentTypeFactory,
    ProgramFactory,
    StaffAssignmentFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(shanghai):
    program = ProgramFactory(
        code="new-industry-financing",
        name_ko="신산업 수출 금융",
        name_en="New industry export financing",
    )
    return CaseFactory(
        program=program,
        state=CaseState.SUBMITTED,
        center=shanghai,
        reference="FIN-2026-000777",
        submitted_at=timezone.now() - datetime.timedelta(days=1),
        sla_due=datetime.date(2026, 12, 2),
        amount_requested=1_250_000_000,
    )


def test_the_queue_names_the_program_and_the_center(client, official, case, shanghai):
    client.force_login(official)
    html = client.get(reverse("desk:queue")).content.decode()
    assert "New industry export financing" in html
    assert f"<td>{shanghai.name_en}</td>" in html
    assert "new-industry-financing" not in html
    assert "12/02/2026" in html


def test_a_korean_queue_writes_dates_as_koreans_do(client, official, case):
    client.cookies["django_language"] = "ko"
    client.force_login(official)
    with translation.override("en"):  # what the Korean request activates ends with the test
        html = client.get(reverse("desk:queue")).content.decode()
    assert "신산업 수출 금융" in html
    assert "2026. 12. 2." in html
    assert "2026-12-2" not in html


def test_the_csv_names_the_program_and_the_center_and_formats_the_amount(
    client, official, case, shanghai
):
    client.force_login(official)
    response = client.get(reverse("desk:export"))
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "New industry export financing" in body
    assert shanghai.name_en in body
    assert "new-industry-financing" not in body
    assert '"1,250,000,000 won"' in body
    assert "12/02/2026" in body


def test_the_company_s_history_names_the_document_type(client):
    plan = DocumentTypeFactory(code="business-plan", name_ko="사업계획서", name_en="Business plan")
    member = CompanyMemberFactory()
    program = ProgramFactory(required_documents=[plan])
    draft = services.case_start(company=member.company, program=program, by=member.user)
    services.document_add(
        case=draft,
        by=member.user,
        document_type=plan,
        upload=SimpleUploadedFile("business-plan.pdf", PDF_BYTES, "application/pdf"),
    )
    client.force_login(member.user)
    html = client.get(reverse("portal:detail", args=[draft.pk])).content.decode()
    assert "Business plan: business-plan.pdf" in html
    assert "business-plan: business-plan.pdf" not in html


def test_the_bulk_assignment_shows_to_leads_only(client, official, case, shanghai):
    client.force_login(official)
    html = client.get(reverse("desk:queue")).content.decode()
    assert "Assign the selected cases" not in html
    assert 'name="cases"' not in html
    lead = StaffAssignmentFactory(center=shanghai, role=StaffAssignment.Role.LEAD).official.user
    client.force_login(lead)
    html = client.get(reverse("desk:queue")).content.decode()
    assert "Assign the selected cases" in html
    assert 'name="cases"' in html
