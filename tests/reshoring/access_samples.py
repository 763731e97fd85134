"""The access matrix's reshoring samples (tests/config/test_access.py)."""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from reshoring.models import Milestone, ReshoringSettings, Tranche
from tests.factories import PDF_BYTES, CaseFactory, ProgramFactory


def reshoring_samples(company, member, center) -> dict:
    """Company A's reshoring case in relocation at Beijing, with evidence and a tranche."""
    program = ProgramFactory(kind="reshoring")
    ReshoringSettings.objects.create(program=program)
    case = CaseFactory(
        company=company,
        program=program,
        created_by=member,
        state="relocation",
        reference="RES-2026-000001",
        submitted_at=timezone.now(),
        center=center,
        approved_amount=10_000_000,
        decided_at=timezone.now(),
    )
    milestone = Milestone.objects.create(
        case=case,
        kind="plan",
        position=0,
        due_on=datetime.date(2027, 1, 4),
        state="submitted",
        evidence=ContentFile(PDF_BYTES, name="lease.pdf"),
        evidence_name="lease.pdf",
        evidence_type="application/pdf",
    )
    tranche = Tranche.objects.create(case=case, milestone=milestone, amount=10_000_000)
    return {"reshoring_case": case.pk, "milestone": milestone.pk, "tranche": tranche.pk}
