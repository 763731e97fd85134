"""Amounts in messages written by Python read like those of the templates: whole won with
separators and the unit, in the reader's language (issue 16, item 2)."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from cases import services
from cases.models import Case, CaseState
from centers.models import StaffAssignment
from programs.models import Program
from tests.factories import CaseFactory, CompanyMemberFactory, StaffAssignmentFactory


@pytest.fixture
def lead(shanghai):
    return StaffAssignmentFactory(center=shanghai, role=StaffAssignment.Role.LEAD).official.user


@pytest.fixture
def case(shanghai):
    case = CaseFactory(
        state=CaseState.IN_REVIEW,
        center=shanghai,
        company=CompanyMemberFactory().company,
        submitted_at=timezone.now(),
        reference="FIN-2026-000001",
        amount_requested=90_000_000,
    )
    Program.objects.filter(pk=case.program_id).update(
        max_amount=50_000_000, four_eyes_above=100_000_000
    )
    return Case.objects.get(pk=case.pk)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ko", "이 지원 사업의 건당 최대 지원 금액(50,000,000원)을 초과합니다."),
        ("en", "The amount is more than the program&#x27;s maximum of 50,000,000 won per case."),
    ],
)
def test_the_refusal_above_the_maximum_names_it_in_the_pages_language(
    client, lead, case, language, expected
):
    client.cookies["django_language"] = language
    client.force_login(lead)

    response = client.post(
        reverse("desk:act", args=[case.pk, "approve"]),
        {"version": case.version, "amount": "60000000"},
    )

    assert expected in response.content.decode()
    case.refresh_from_db()
    assert case.state == CaseState.IN_REVIEW


@pytest.mark.parametrize(
    ("language", "expected"),
    [("ko", "승인 금액: 40,000,000원."), ("en", "Amount approved: 40,000,000 won.")],
)
def test_the_approval_email_gives_the_amount_in_the_recipients_language(
    lead, case, language, expected, django_capture_on_commit_callbacks
):
    member = CompanyMemberFactory(company=case.company).user
    member.language = language
    member.save(update_fields=["language"])

    # The lead works in the other language: the e-mail follows its reader, not its writer.
    with (
        translation.override("en" if language == "ko" else "ko"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.transition(case=case, action="approve", by=lead, amount=40_000_000)

    [message] = [m for m in mail.outbox if member.email in m.to]
    assert expected in message.body
