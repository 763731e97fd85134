"""Evidence files left on disk by a rolled-back upload are removed by the hourly orphan
sweep (cases' sweep, which reshoring registers its folder with); committed evidence stays."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from cases.tasks import sweep_orphan_documents
from reshoring import services
from tests.cases.test_document_files import files_in, hours_old
from tests.factories import PDF_BYTES
from tests.reshoring.test_schedule_and_payments import evidence


def test_an_evidence_file_whose_upload_rolled_back_is_swept(settings, applicant, relocating):
    site = relocating.milestones.get(kind="site")
    services.evidence_add(milestone=site, by=applicant, upload=evidence())
    kept = files_in(settings.MEDIA_ROOT)
    # The upload succeeded; what called it then failed, and took its row along.
    plan = relocating.milestones.get(kind="plan")
    with pytest.raises(RuntimeError), transaction.atomic():
        services.evidence_add(
            milestone=plan,
            by=applicant,
            upload=SimpleUploadedFile("deed.pdf", PDF_BYTES, content_type="application/pdf"),
        )
        raise RuntimeError("the caller failed after the upload")
    [orphan] = set(files_in(settings.MEDIA_ROOT)) - set(kept)
    assert orphan.startswith("reshoring/")

    assert sweep_orphan_documents.apply().get() == 0  # too recent: it may be committing now
    hours_old(settings.MEDIA_ROOT)
    assert sweep_orphan_documents.apply().get() == 1

    assert files_in(settings.MEDIA_ROOT) == kept
    site.refresh_from_db()
    assert site.evidence.read() == PDF_BYTES  # the committed evidence is untouched
    plan.refresh_from_db()
    assert not plan.evidence


def test_a_stray_file_beside_the_evidence_is_swept_too(settings, applicant, relocating):
    site = relocating.milestones.get(kind="site")
    services.evidence_add(milestone=site, by=applicant, upload=evidence())
    stray = Path(settings.MEDIA_ROOT, "reshoring", "2027", "stray.pdf")
    stray.parent.mkdir(parents=True, exist_ok=True)
    stray.write_bytes(PDF_BYTES)
    hours_old(settings.MEDIA_ROOT)

    assert sweep_orphan_documents.apply().get() == 1

    assert not stray.exists()
    assert Path(settings.MEDIA_ROOT, site.evidence.name).exists()
