"""A document's file on disk lives exactly as long as its row: an upload whose transaction
rolls back leaves no file behind, at once when the service fails, or by the hourly sweep."""

import os
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from cases import services, sla
from cases.errors import CaseError
from cases.models import CaseState, Document
from cases.tasks import sweep_orphan_documents
from centers.services import center_set_jurisdiction
from tests.factories import PDF_BYTES, CaseFactory, DocumentTypeFactory, ProgramFactory

pytestmark = pytest.mark.django_db


def pdf(name="plan.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def files_in(folder) -> list[str]:
    root = Path(folder)
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def hours_old(folder, hours: float = 2) -> None:
    """As if every file in `folder` had been written `hours` ago."""
    then = time.time() - hours * 3600
    for path in Path(folder).rglob("*"):
        if path.is_file():
            os.utime(path, (then, then))


@pytest.fixture
def business_plan(db):
    return DocumentTypeFactory(code="business-plan", name_en="Business plan")


@pytest.fixture
def draft(applicant, business_plan):
    program = ProgramFactory(
        min_amount=10_000_000, max_amount=100_000_000, required_documents=[business_plan]
    )
    return CaseFactory(
        company=applicant.company_memberships.get().company,
        program=program,
        created_by=applicant,
        amount_requested=50_000_000,
        purpose="Open a distribution channel in Shanghai for our cells.",
        target_province="CN-SH",
        target_city="Shanghai",
        planned_exports_to_china="1250000.50",
    )


@pytest.fixture
def asked_for_two_documents(draft, applicant, official, shanghai, business_plan):
    """In review at Shanghai; the officer asks for the export contract and the invoice."""
    center_set_jurisdiction(center=shanghai, provinces=["CN-SH"])
    services.document_add(case=draft, by=applicant, document_type=business_plan, upload=pdf())
    services.case_submit(case=draft, by=applicant)
    case = services.transition(case=draft, action="take", by=official)
    contract = DocumentTypeFactory(code="export-contract")
    invoice = DocumentTypeFactory(code="invoice")
    return services.transition(
        case=case,
        action="request_info",
        by=official,
        message="We need the contract and the invoice.",
        due_on=sla.add_business_days(sla.today(), 5),
        items=[
            {"kind": "document", "document_type": contract},
            {"kind": "document", "document_type": invoice},
        ],
    )


def test_an_answer_refused_after_its_first_document_was_stored_leaves_no_file_behind(
    settings, applicant, asked_for_two_documents
):
    case = asked_for_two_documents
    contract, invoice = case.information_requests.get().items.order_by("pk")
    before = files_in(settings.MEDIA_ROOT)
    fake = SimpleUploadedFile("invoice.pdf", b"MZ\x90\x00 a program", "application/pdf")

    # The contract is stored, then the invoice is refused: the whole answer rolls back.
    with pytest.raises(CaseError):
        services.transition(
            case=case,
            action="answer_info",
            by=applicant,
            answers={contract.pk: pdf("contract.pdf"), invoice.pk: fake},
        )

    assert files_in(settings.MEDIA_ROOT) == before
    case.refresh_from_db()
    assert case.state == CaseState.INFO_REQUESTED
    assert not Document.objects.filter(original_name="contract.pdf").exists()


def test_an_upload_whose_caller_rolled_back_is_removed_by_the_sweep(
    settings, applicant, draft, business_plan
):
    services.document_add(case=draft, by=applicant, document_type=business_plan, upload=pdf())
    kept = files_in(settings.MEDIA_ROOT)
    # The service succeeded; what called it then failed, and took its row along.
    with pytest.raises(RuntimeError), transaction.atomic():
        services.document_add(
            case=draft, by=applicant, document_type=business_plan, upload=pdf("v2.pdf")
        )
        raise RuntimeError("the caller failed after the upload")
    assert len(files_in(settings.MEDIA_ROOT)) == len(kept) + 1

    assert sweep_orphan_documents.apply().get() == 0  # too recent: it may be committing now
    hours_old(settings.MEDIA_ROOT)
    assert sweep_orphan_documents.apply().get() == 1

    assert files_in(settings.MEDIA_ROOT) == kept
    [document] = Document.objects.all()
    assert document.file.read() == PDF_BYTES  # the committed document is untouched


def test_the_sweep_without_any_document_folder_deletes_nothing(settings):
    assert not Path(settings.MEDIA_ROOT).exists()

    assert sweep_orphan_documents.apply().get() == 0
