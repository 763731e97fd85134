"""The reshoring leg in a real browser, in Korean and in English: a company applies with its
relocation plan (a plan of another industry group is refused first); the center's lead
approves, starts the relocation phase and fixes the tranches; the company uploads the
evidence of the first milestone; the lead verifies it and pays the tranche; the company
sees the payment. Every step is screenshotted and checked by axe-core (WCAG 2.1 AA)."""

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from applicants.models import KoreanRegion
from cases.models import Case, CaseState
from centers.models import ChineseProvince, StaffAssignment
from centers.services import center_set_jurisdiction
from programs.models import Program
from reshoring.models import MilestoneKind, Payment, ReshoringSettings
from tests.e2e.browser import Journey, Words, labelled
from tests.e2e.test_journey import log_in, pdf, switch_language
from tests.factories import (
    CompanyMemberFactory,
    DocumentTypeFactory,
    ProgramFactory,
    StaffAssignmentFactory,
    SupportCenterFactory,
)
from tests.second_factor import authenticator, code_now

pytestmark = pytest.mark.needs_browser

SCREENSHOTS = settings.VAR_DIR / "e2e-screenshots" / "reshoring"

STEPS = [
    "program",
    "plan-refused",
    "plan-filled",
    "submitted",
    "lead-desk-case",
    "approved",
    "relocation-started",
    "schedule-fixed",
    "company-relocation",
    "evidence-uploaded",
    "evidence-on-desk",
    "tranche-paid",
    "company-sees-payment",
]


@pytest.fixture
def reshoring(transactional_db):
    """A reshoring program, company A's owner, and the Shanghai center (Jiangsu is in its
    jurisdiction) with its lead, who set up an authenticator app before."""
    plan = DocumentTypeFactory(
        code="relocation-plan", name_ko="이전 계획서", name_en="Relocation plan document"
    )
    program = ProgramFactory(
        code="reshoring-relocation",
        kind=Program.Kind.RESHORING,
        name_ko="국내 복귀 기업 이전 지원",
        name_en="Reshoring relocation support",
        min_amount=100_000_000,
        max_amount=5_000_000_000,
        budget=50_000_000_000,
        four_eyes_above=5_000_000_000,
        required_documents=[plan],
    )
    ReshoringSettings.objects.create(program=program)
    shanghai = SupportCenterFactory(
        code="shanghai", name_ko="상하이 수출지원센터", name_en="Shanghai Export Support Center"
    )
    center_set_jurisdiction(center=shanghai, provinces=[ChineseProvince.SHANGHAI, "CN-JS"])
    lead = StaffAssignmentFactory(
        center=shanghai,
        role=StaffAssignment.Role.LEAD,
        official__user__email="lead@shanghai.example.com",
        official__user__full_name="최지우",
    ).official.user
    authenticator(lead)
    member = CompanyMemberFactory(
        company__name_ko="다온반도체 주식회사",
        company__name_en="Daon Semiconductor Co., Ltd.",
        user__email="owner@daon.example.com",
        user__full_name="정우성",
    )
    return {"program": program, "plan": plan, "lead": lead, "member": member}


@pytest.mark.parametrize("language", ["ko", "en"])
def test_the_reshoring_leg_in_a_browser(language, reshoring, person):
    t = Words(language)
    journey = Journey(SCREENSHOTS / language, STEPS)

    def name_of(thing):
        return thing.name_ko if language == "ko" else thing.name_en

    first = t(MilestoneKind.PLAN_CONFIRMED.label)
    company_name = name_of(reshoring["member"].company)

    # The company applies with its relocation plan.
    company = person()
    company.goto("/")
    switch_language(company, language)
    log_in(company, t, reshoring["member"].user)
    nav = company.get_by_role("navigation", name=t("Main navigation"))
    nav.get_by_role("link", name=t("Support programs")).click()
    company.get_by_role("link", name=name_of(reshoring["program"])).click()
    journey.step(company, "program")
    company.get_by_role("button", name=t("Apply as %(company)s", company=company_name)).click()

    labelled(company, t("province of the facility in China")).select_option(
        label=t(ChineseProvince.JIANGSU.label)
    )
    labelled(company, t("city of the facility in China")).fill("Wuxi")
    labelled(company, t("products in China (KSIC code)")).fill("26110")
    labelled(company, t("staff in China")).fill("310")
    labelled(company, t("Share of overseas production to be cut (%)")).fill("70")
    labelled(company, t("region of the site in Korea")).select_option(
        label=t(KoreanRegion.CHUNGBUK.label)
    )
    labelled(company, t("industrial complex or address in Korea")).fill("Ochang")
    labelled(company, t("products in Korea (KSIC code)")).fill("27110")
    labelled(company, t("smart factory")).check()
    labelled(company, t("Planned investment in Korea (KRW)")).fill("2000000000")
    labelled(company, t("planned new jobs in Korea")).fill("60")
    labelled(company, t("relocation starts")).fill("2027-03-01")
    labelled(company, t("production in Korea starts")).fill("2028-03-01")
    labelled(company, name_of(reshoring["plan"])).set_input_files(pdf("relocation-plan.pdf"))
    company.get_by_role("button", name=t("Save draft")).click()
    # Another industry group: refused at its field, in plain words; the rest is kept.
    refusal = t(
        "What you make in Korea must be in the same industry group as what you make in China: "
        "the first %(digits)s digits of the KSIC codes must match (%(china)s and %(korea)s do "
        "not).",
        digits=3,
        china="261",
        korea="271",
    )
    # Escaped spaces ("\\ ") are invalid in the browser's Unicode regular expressions.
    expect(labelled(company, t("products in Korea (KSIC code)"))).to_have_accessible_description(
        re.compile(re.escape(refusal).replace("\\ ", " "))
    )
    expect(labelled(company, t("city of the facility in China"))).to_have_value("Wuxi")
    journey.step(company, "plan-refused")

    labelled(company, t("products in Korea (KSIC code)")).fill("26120")
    labelled(company, name_of(reshoring["plan"])).set_input_files(pdf("relocation-plan.pdf"))
    journey.step(company, "plan-filled")
    company.get_by_role("button", name=t("Save and submit")).click()
    submitted = company.get_by_role("alert")
    expect(submitted).to_contain_text(re.compile(r"RES-\d{4}-\d{6}"))
    reference = re.search(r"RES-\d{4}-\d{6}", submitted.inner_text()).group()
    journey.step(company, "submitted")

    # The lead of the center of the facility's province takes it and approves it.
    lead = person()
    lead.goto("/")
    switch_language(lead, language)
    log_in(lead, t, reshoring["lead"])
    labelled(lead, t("Code")).fill(code_now(authenticator(reshoring["lead"])))
    lead.get_by_role("main").get_by_role("button", name=t("Verify")).click()
    lead.get_by_role("navigation", name=t("Main navigation")).get_by_role(
        "link", name=t("Triage desk")
    ).click()
    lead.get_by_role("link", name=reference).click()
    expect(lead.get_by_role("heading", level=1)).to_contain_text(reference)
    journey.step(lead, "lead-desk-case")
    lead.get_by_role("button", name=t("Take the case")).click()
    approve = lead.locator("#action-approve")
    # 45 % of the planned investment: what the program's rate allows.
    expect(approve.get_by_role("spinbutton")).to_have_value("900000000")
    approve.get_by_role("button", name=t("Approve"), exact=True).click()
    expect(lead.get_by_role("alert")).to_contain_text(t("Approve"))
    journey.step(lead, "approved")
    lead.get_by_role("button", name=t("Start the relocation phase")).click()
    expect(lead.get_by_role("heading", name=t("Fix the tranches and due dates"))).to_be_visible()
    journey.step(lead, "relocation-started")
    labelled(lead, t("Tranche for “%(milestone)s” (KRW)", milestone=first)).fill("300000000")
    built = t(MilestoneKind.KOREA_BUILT.label)
    labelled(lead, t("Tranche for “%(milestone)s” (KRW)", milestone=built)).fill("600000000")
    lead.get_by_role("button", name=t("Fix the schedule")).click()
    expect(lead.get_by_role("alert")).to_contain_text(t("The tranches and due dates are fixed."))
    journey.step(lead, "schedule-fixed")

    # The company uploads the evidence of the first milestone.
    nav.get_by_role("link", name=t("My applications")).click()
    company.get_by_role("link", name=reference).click()
    company.get_by_role("link", name=t("Relocation plan, milestones and payments")).click()
    journey.step(company, "company-relocation")
    row = company.locator("#milestone-plan")
    labelled(row, t("Evidence")).set_input_files(pdf("board-resolution.pdf"))
    row.get_by_role(
        "button", name=t("Upload evidence for “%(milestone)s”", milestone=first)
    ).click()
    expect(company.get_by_role("alert")).to_contain_text(first)
    journey.step(company, "evidence-uploaded")

    # The lead verifies it and pays the tranche.
    lead.reload()
    expect(lead.get_by_role("link", name="board-resolution.pdf")).to_be_visible()
    journey.step(lead, "evidence-on-desk")
    lead.get_by_role("button", name=t("Verify “%(milestone)s”", milestone=first)).click()
    lead.locator("#milestone-plan").get_by_role("button", name=t("Record the payment")).click()
    expect(lead.get_by_role("alert")).to_contain_text(
        t(
            "The payment of %(amount)s is recorded.",
            amount=t("%(amount)s won", amount="300,000,000"),
        )
    )
    journey.step(lead, "tranche-paid")

    # The company sees what was paid.
    company.reload()
    expect(company.get_by_test_id("paid")).to_have_text(t("%(amount)s won", amount="300,000,000"))
    expect(company.locator("#milestone-plan")).to_contain_text(t("Verified"))
    journey.step(company, "company-sees-payment")

    case = Case.objects.get(reference=reference)
    assert case.state == CaseState.RELOCATION
    assert case.center.code == "shanghai"
    assert Payment.objects.get().amount == 300_000_000
    assert sorted(p.name for p in journey.folder.iterdir()) == sorted(journey.expected_files())
    assert not journey.violations, (
        "axe-core finds serious or critical WCAG 2.1 AA problems:\n" + "\n".join(journey.violations)
    )
