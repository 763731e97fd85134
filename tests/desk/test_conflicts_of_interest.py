"""Conflicts of interest on the desk: nobody acts as staff on a case of a company they belong
to or declared a conflict with; headquarters decides when a center's leads all stand aside."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from applicants.models import Company
from cases.conflicts import ConflictOfInterest
from cases.models import Case, CaseState
from centers.models import StaffAssignment, TradeOfficial
from centers.services import center_set_jurisdiction
from programs.models import CompanySize, Program
from tests.factories import (
    PDF_BYTES,
    CaseFactory,
    CompanyMemberFactory,
    DocumentTypeFactory,
    ProgramFactory,
    SectorFactory,
    StaffAssignmentFactory,
)

MEMBER = "You cannot act on this case: you are a member of the applying company."
DECLARED = (
    "You cannot act on this case: you declared a conflict of interest with the applying company."
)


@pytest.fixture
def shanghai_lead(shanghai):
    """The only lead of the Shanghai center."""
    return StaffAssignmentFactory(
        center=shanghai,
        role=StaffAssignment.Role.LEAD,
        official__user__email="lead@shanghai.example.com",
        official__user__full_name="Shanghai Lead",
    ).official.user


@pytest.fixture
def colleague(shanghai):
    return StaffAssignmentFactory(
        center=shanghai, official__user__full_name="Free Colleague"
    ).official.user


def at(center, *, state=CaseState.SUBMITTED, company=None, **fields):
    fields.setdefault("reference", f"FIN-2026-{Case.objects.count() + 1:06d}")
    return CaseFactory(
        state=state,
        center=center,
        company=company or CompanyMemberFactory().company,
        submitted_at=timezone.now(),
        amount_requested=90_000_000,
        **fields,
    )


def act(client, case, action, **data):
    case.refresh_from_db()
    return client.post(
        reverse("desk:act", args=[case.pk, action]), {"version": case.version, **data}
    )


def test_a_lead_who_registered_a_company_can_neither_take_nor_approve_its_case(
    client, settings, shanghai, shanghai_lead, official
):
    """The issue's scenario, through the pages: register, apply, submit, then try the desk."""
    settings.STAFF_MAY_REGISTER_COMPANIES = True
    center_set_jurisdiction(center=shanghai, provinces=["CN-SH"])
    plan = DocumentTypeFactory(code="business-plan")
    program = ProgramFactory(code="battery-loan", required_documents=[plan])
    client.force_login(shanghai_lead)
    client.post(
        reverse("companies:register"),
        {
            "business_number": "220-81-62517",
            "name_ko": "가온전지 주식회사",
            "name_en": "Gaon Cell Co., Ltd.",
            "representative": "김민수",
            "size": CompanySize.SME,
            "region": "chungbuk",
            "sector": SectorFactory(code="secondary-batteries").pk,
            "exports_to_china_last_year": "1000",
            "exports_to_china_this_year": "0",
            "employees": "12",
        },
    )
    company = Company.objects.get(business_number="2208162517")
    client.post(reverse("portal:apply", args=[program.code]), {"company": company.pk})
    case = Case.objects.get(company=company)
    client.post(
        reverse("portal:edit", args=[case.pk]),
        {
            "amount_requested": "90000000",
            "purpose": "Our own cells.",
            "target_province": "CN-SH",
            "target_city": "Shanghai",
            "planned_exports_to_china": "1000",
            "intent": "submit",
            f"document_{plan.pk}": SimpleUploadedFile("plan.pdf", PDF_BYTES, "application/pdf"),
        },
    )
    case.refresh_from_db()
    assert (case.state, case.center) == (CaseState.SUBMITTED, shanghai)
    assert case.suggested_official.user == official

    page = client.get(reverse("desk:case", args=[case.pk]))
    assert page.status_code == 200
    assert MEMBER in page.content.decode()
    assert 'id="action-take"' not in page.content.decode()

    refused = act(client, case, "take")
    assert refused.status_code == 403
    assert MEMBER in refused.content.decode()
    case.refresh_from_db()
    assert (case.state, case.assigned_to) == (CaseState.SUBMITTED, None)

    client.force_login(official)  # another official of the center can
    assert act(client, case, "take").status_code == 302
    client.force_login(shanghai_lead)
    refused = act(client, case, "approve", amount="90000000")
    assert refused.status_code == 403
    assert MEMBER in refused.content.decode()
    case.refresh_from_db()
    assert case.state == CaseState.IN_REVIEW
    assert Program.objects.get(pk=program.pk).committed == 0


def test_the_desk_case_page_answers_for_an_official_who_is_a_member_of_the_company(
    client, shanghai, official
):
    case = at(shanghai, state=CaseState.IN_REVIEW)
    CompanyMemberFactory(company=case.company, user=official)
    client.force_login(official)

    page = client.get(reverse("desk:case", args=[case.pk]))

    assert page.status_code == 200
    text = page.content.decode()
    assert MEMBER in text
    assert "Withdraw the application" not in text
    # A form sent back with errors used to crash the page the same way.
    refused = client.post(reverse("desk:act", args=[case.pk, "request_info"]), {})
    assert refused.status_code == 403
    assert MEMBER in refused.content.decode()


def test_a_declared_conflict_bars_the_official_the_same_way(client, shanghai, official):
    case = at(shanghai)
    client.force_login(official)
    found = client.get(reverse("desk:conflicts"), {"q": case.company.business_number_display})
    assert case.company.name_en in found.content.decode()

    declared = client.post(
        reverse("desk:conflicts"),
        {"q": case.company.business_number, "company": case.company.pk, "kind": "stake"},
        follow=True,
    )

    assert case.company.name in declared.content.decode()
    assert DECLARED in client.get(reverse("desk:case", args=[case.pk])).content.decode()
    refused = act(client, case, "take")
    assert refused.status_code == 403
    assert DECLARED in refused.content.decode()
    assert Case.objects.get(pk=case.pk).state == CaseState.SUBMITTED


def test_an_ended_conflict_lets_the_official_act_again(client, shanghai, official):
    case = at(shanghai)
    conflict = ConflictOfInterest.objects.create(
        person=official, company=case.company, kind="former_employee"
    )
    client.force_login(official)

    client.post(reverse("desk:conflict_end", args=[conflict.pk]))

    assert ConflictOfInterest.objects.get().ended_at is not None
    assert act(client, case, "take").status_code == 302
    assert Case.objects.get(pk=case.pk).state == CaseState.IN_REVIEW


def test_nobody_ends_another_persons_declaration(client, shanghai, official, colleague):
    case = at(shanghai)
    conflict = ConflictOfInterest.objects.create(
        person=official, company=case.company, kind="stake"
    )
    client.force_login(colleague)

    assert client.post(reverse("desk:conflict_end", args=[conflict.pk])).status_code == 404
    assert ConflictOfInterest.objects.get().ended_at is None


def test_declaring_a_conflict_hands_over_that_companys_cases_to_a_free_colleague(
    client, shanghai, official, colleague
):
    mine = TradeOfficial.objects.get(user=official)
    case = at(shanghai, state=CaseState.IN_REVIEW, assigned_to=mine, suggested_official=mine)
    client.force_login(official)

    client.post(
        reverse("desk:conflicts"),
        {"q": case.company.name_en, "company": case.company.pk, "kind": "stake"},
    )

    case.refresh_from_db()
    assert case.assigned_to.user == colleague
    assert case.events.get().action == "handover"


def test_the_assign_choices_and_bulk_assignment_leave_out_the_conflicted(
    client, shanghai, shanghai_lead, official, colleague
):
    case = at(shanghai)
    ConflictOfInterest.objects.create(person=official, company=case.company, kind="stake")
    client.force_login(shanghai_lead)

    page = client.get(reverse("desk:case", args=[case.pk]))
    [form] = [form for t, form in page.context["actions"] if t.action == "assign"]
    offered = {o.user for o in form.fields["assignee"].queryset}
    assert offered == {colleague, shanghai_lead}

    response = client.post(
        reverse("desk:bulk_assign"),
        {
            "cases": [case.pk],
            f"version-{case.pk}": case.version,
            "assignee": TradeOfficial.objects.get(user=official).pk,
        },
        follow=True,
    )

    assert "may not handle this case" in response.content.decode()
    assert Case.objects.get(pk=case.pk).assigned_to is None


def test_a_barred_official_adds_no_internal_note_and_reads_none(client, shanghai, official):
    case = at(shanghai)
    case.internal_notes.create(author=official, text="The officials' view of the company.")
    CompanyMemberFactory(company=case.company, user=official)
    client.force_login(official)

    assert (
        "The officials' view"
        not in client.get(reverse("desk:case", args=[case.pk])).content.decode()
    )
    response = client.post(reverse("desk:note", args=[case.pk]), {"text": "On my own company."})

    assert response.status_code == 403
    assert case.internal_notes.count() == 1


def test_when_every_lead_of_the_center_is_barred_headquarters_decides(
    client, shanghai, shanghai_lead, official, lead
):
    program = ProgramFactory(four_eyes_above=50_000_000)
    case = at(shanghai, state=CaseState.IN_REVIEW, program=program)
    CompanyMemberFactory(company=case.company, user=shanghai_lead)
    client.force_login(official)
    act(client, case, "recommend", outcome="approve", amount="90000000")

    client.force_login(lead)  # the lead of headquarters (Beijing)
    assert case.reference in client.get(reverse("desk:queue")).content.decode()
    page = client.get(reverse("desk:case", args=[case.pk])).content.decode()
    assert "Headquarters decides this case" in page
    assert act(client, case, "approve", amount="90000000").status_code == 302

    case.refresh_from_db()
    assert (case.state, case.decided_by) == (CaseState.APPROVED, lead)


def test_headquarters_does_not_see_a_case_its_center_can_decide(
    client, shanghai, shanghai_lead, lead
):
    case = at(shanghai)

    client.force_login(lead)

    assert client.get(reverse("desk:case", args=[case.pk])).status_code == 404
    assert case.reference not in client.get(reverse("desk:queue")).content.decode()
