"""The whole journey in a real browser, in Korean and in English: a company signs up,
applies and answers; an official and the center's lead decide; the company reads the
decision. Every step is screenshotted at desktop and phone width under
var/e2e-screenshots/<language>/, and axe-core checks every page against WCAG 2.1 AA."""

import datetime
import re
from base64 import b32decode

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from applicants.models import KoreanRegion
from cases.models import Case, CaseState
from centers.models import ChineseProvince, StaffAssignment
from centers.services import center_set_jurisdiction
from programs.models import CompanySize
from tests.e2e.browser import Journey, Words, labelled
from tests.factories import (
    PASSWORD,
    PDF_BYTES,
    CaseFactory,
    DocumentTypeFactory,
    ProgramFactory,
    PromisingItemFactory,
    SectorFactory,
    StaffAssignmentFactory,
    SupportCenterFactory,
    valid_business_number,
)
from tests.second_factor import authenticator, code_now

pytestmark = pytest.mark.needs_browser

SCREENSHOTS = settings.VAR_DIR / "e2e-screenshots"

STEPS = [
    "home",
    "sign-up",
    "check-your-email",
    "email-confirmed",
    "register-company",
    "company-registered",
    "programs",
    "program",
    "application-filled",
    "draft-saved",
    "wrong-file-refused",
    "document-uploaded",
    "submitted",
    "official-enrol",
    "official-backup-codes",
    "official-log-in",
    "desk-queue",
    "desk-case",
    "case-taken",
    "information-requested",
    "company-sees-request",
    "answer-form",
    "answer-sent",
    "decision-proposed",
    "lead-second-factor",
    "lead-queue",
    "lead-desk-case",
    "approved",
    "notifications",
    "decision-letter",
    "decision-on-case",
]

# What the company types, in each language.
COMPANY = {
    "ko": {
        "name": "새빛에너지 주식회사",
        "person": "김서연",
        "email": "seoyeon@saebit.example.com",
    },
    "en": {
        "name": "Saebit Energy Co., Ltd.",
        "person": "Seoyeon Kim",
        "email": "kim@saebit.example.com",
    },
}
NEW_PASSWORD = "Quiet-river-2026-export"


def pdf(name):
    return {"name": name, "mimeType": "application/pdf", "buffer": PDF_BYTES}


@pytest.fixture
def desk(transactional_db):
    """The program a company can apply to now, and the Shanghai center that decides on it:
    a trade officer and the center's lead, and one case of lower priority already waiting."""
    area = SectorFactory(code="new-industries", name_ko="신산업", name_en="New industries")
    batteries = SectorFactory(
        code="secondary-batteries", name_ko="이차전지", name_en="Secondary batteries", parent=area
    )
    item = PromisingItemFactory(
        code="ev-batteries", name_ko="전기차 배터리", name_en="EV batteries", sector=batteries
    )
    plan = DocumentTypeFactory(code="business-plan", name_ko="사업계획서", name_en="Business plan")
    contract = DocumentTypeFactory(
        code="export-contract", name_ko="수출 계약서", name_en="Export contract"
    )
    program = ProgramFactory(
        code="battery-export-loan",
        name_ko="이차전지 수출 금융",
        name_en="Battery export loan",
        min_amount=10_000_000,
        max_amount=100_000_000,
        # The amount applied for is above this: the lead approves what the officer proposed.
        four_eyes_above=30_000_000,
        required_documents=[plan],
    )
    shanghai = SupportCenterFactory(
        code="shanghai", name_ko="상하이 수출지원센터", name_en="Shanghai Export Support Center"
    )
    center_set_jurisdiction(center=shanghai, provinces=[ChineseProvince.SHANGHAI])
    officer = StaffAssignmentFactory(
        center=shanghai,
        official__user__email="officer@shanghai.example.com",
        official__user__full_name="박민준",
    ).official.user
    lead = StaffAssignmentFactory(
        center=shanghai,
        role=StaffAssignment.Role.LEAD,
        official__user__email="lead@shanghai.example.com",
        official__user__full_name="최지우",
    ).official.user
    # The lead set up an authenticator app before; the officer enrols at this first sign-in.
    authenticator(lead)
    waiting = CaseFactory(
        program=program,
        state=CaseState.SUBMITTED,
        center=shanghai,
        reference="FIN-2026-900001",
        submitted_at=timezone.now() - datetime.timedelta(days=1),
        sla_due=timezone.localdate() + datetime.timedelta(days=5),
        amount_requested=20_000_000,
        priority=5,
    )
    return {
        "sector": batteries,
        "item": item,
        "plan": plan,
        "contract": contract,
        "program": program,
        "officer": officer,
        "lead": lead,
        "waiting": waiting,
    }


def switch_language(page, language):
    """The switch in the navigation bar of the Korean page, as a person who reads English
    uses it."""
    if language != "ko":
        nav = page.get_by_role("navigation", name=Words("ko")("Main navigation"))
        nav.get_by_role("button", name="English").click()
        expect(page.locator("html")).to_have_attribute("lang", language)


def log_in(page, t, user):
    nav = page.get_by_role("navigation", name=t("Main navigation"))
    nav.get_by_role("link", name=t("Log in"), exact=True).click()
    labelled(page, t("E-mail address")).fill(user.email)
    labelled(page, t("Password")).fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name=t("Log in"), exact=True).click()


@pytest.mark.parametrize("language", ["ko", "en"])
def test_the_whole_journey_in_a_browser(language, desk, person, mailoutbox):
    t = Words(language)
    typed = COMPANY[language]
    journey = Journey(SCREENSHOTS / language, STEPS)
    program_name = desk["program"].name_ko if language == "ko" else desk["program"].name_en

    def name_of(thing):
        return thing.name_ko if language == "ko" else thing.name_en

    # The company: sign up, confirm the address, register the company.
    company = person()
    company.goto("/")
    switch_language(company, language)
    expect(company.get_by_role("heading", level=1)).to_have_text(
        t("Support for exporters to China")
    )
    journey.step(company, "home")

    nav = company.get_by_role("navigation", name=t("Main navigation"))
    nav.get_by_role("link", name=t("Sign up")).click()
    labelled(company, t("Full name")).fill(typed["person"])
    labelled(company, t("E-mail address")).fill(typed["email"])
    labelled(company, t("Password")).fill(NEW_PASSWORD)
    labelled(company, t("Password confirmation")).fill(NEW_PASSWORD)
    expect(labelled(company, t("Preferred language"))).to_have_value(language)
    journey.step(company, "sign-up")
    company.get_by_role("button", name=t("Create my account")).click()
    expect(company.get_by_role("heading", level=1)).to_have_text(t("Check your e-mail"))
    journey.step(company, "check-your-email")

    [email] = mailoutbox
    assert email.to == [typed["email"]]
    assert email.subject == t("Confirm your e-mail address for the China Export Support Desk")
    link = re.search(r"https?://\S+/accounts/verify/\S+/", email.body).group()
    company.goto(link)
    expect(company.get_by_role("alert")).to_contain_text(t("Your e-mail address is confirmed."))
    journey.step(company, "email-confirmed")

    nav.get_by_role("link", name=t("My companies")).click()
    company.get_by_role("link", name=t("Register a company")).click()
    labelled(company, t("Business registration number")).fill(valid_business_number())
    labelled(company, t("legal name (Korean)")).fill(COMPANY["ko"]["name"])
    labelled(company, t("legal name (English)")).fill(COMPANY["en"]["name"])
    labelled(company, t("representative")).fill(typed["person"])
    labelled(company, t("company size")).select_option(label=t(CompanySize.SME.label))
    labelled(company, t("region")).select_option(label=t(KoreanRegion.GYEONGGI.label))
    labelled(company, t("sector")).select_option(label=name_of(desk["sector"]))
    company.get_by_role("checkbox", name=name_of(desk["item"])).check()
    labelled(company, t("exports to China last year (US$)")).fill("2400000")
    labelled(company, t("exports to China this year so far (US$)")).fill("600000")
    labelled(company, t("number of employees")).fill("85")
    journey.step(company, "register-company")
    company.get_by_role("button", name=t("Register the company")).click()
    expect(company.get_by_role("alert")).to_contain_text(
        t("%(company)s is registered. You are its owner.", company=typed["name"])
    )
    journey.step(company, "company-registered")

    # Find the program, fill the application, save, upload, submit.
    nav.get_by_role("link", name=t("Support programs")).click()
    expect(company.get_by_role("heading", level=1)).to_have_text(t("Support programs"))
    journey.step(company, "programs")
    company.get_by_role("link", name=program_name).click()
    expect(company.get_by_role("heading", level=1)).to_have_text(program_name)
    journey.step(company, "program")
    company.get_by_role("button", name=t("Apply as %(company)s", company=typed["name"])).click()

    purpose = (
        "상하이 배터리 유통망 구축" if language == "ko" else "A distribution network in Shanghai"
    )
    labelled(company, t("amount requested (KRW)")).fill("50000000")
    labelled(company, t("purpose")).fill(purpose)
    labelled(company, t("target province in China")).select_option(
        label=t(ChineseProvince.SHANGHAI.label)
    )
    labelled(company, t("target city")).fill("Shanghai")
    company.get_by_role("checkbox", name=name_of(desk["item"])).check()
    labelled(company, t("planned exports to China in the next 12 months (US$)")).fill("1250000.50")
    journey.step(company, "application-filled")
    company.get_by_role("button", name=t("Save draft")).click()
    expect(company.get_by_role("alert")).to_contain_text(t("The draft is saved."))
    journey.step(company, "draft-saved")

    notes = {"name": "meeting-notes.txt", "mimeType": "text/plain", "buffer": b"Our plan."}
    labelled(company, name_of(desk["plan"])).set_input_files(notes)
    company.get_by_role("button", name=t("Save draft")).click()
    refusal = t(
        "“%(name)s” is not a file type we accept, whatever its name says. Accepted: %(types)s.",
        name="meeting-notes.txt",
        types="PDF, PNG, JPEG, Excel (XLSX), Word (DOCX), HWP, HWPX",
    )
    # Next to its field, and the draft is kept.
    expect(labelled(company, name_of(desk["plan"]))).to_have_accessible_description(
        re.compile(re.escape(refusal))
    )
    expect(labelled(company, t("purpose"))).to_have_value(purpose)
    journey.step(company, "wrong-file-refused")

    labelled(company, name_of(desk["plan"])).set_input_files(pdf("business-plan.pdf"))
    company.get_by_role("button", name=t("Save draft")).click()
    expect(company.get_by_role("link", name="business-plan.pdf")).to_be_visible()
    journey.step(company, "document-uploaded")
    company.get_by_role("button", name=t("Save and submit")).click()
    submitted = company.get_by_role("alert")
    expect(submitted).to_contain_text(re.compile(r"FIN-\d{4}-\d{6}"))
    reference = re.search(r"FIN-\d{4}-\d{6}", submitted.inner_text()).group()
    expect(submitted).to_contain_text(
        t("Your application is submitted. Its reference is %(reference)s.", reference=reference)
    )
    journey.step(company, "submitted")

    # The officer: the case is at the top of the queue; take it, ask for one more document.
    officer = person()
    officer.goto("/")
    switch_language(officer, language)
    log_in(officer, t, desk["officer"])
    # Staff need a second factor: at the first sign-in, the officer sets up the app.
    expect(officer.get_by_role("heading", level=1)).to_have_text(t("Set up two-step verification"))
    journey.step(officer, "official-enrol")
    secret = officer.locator("#otp-secret").inner_text()
    labelled(officer, t("Code from the app")).fill(code_now(b32decode(secret.replace(" ", ""))))
    officer.get_by_role("button", name=t("Confirm and turn on")).click()
    expect(officer.get_by_role("heading", level=1)).to_have_text(t("Your backup codes"))
    codes = officer.get_by_role("list", name=t("Backup codes")).get_by_role("listitem")
    expect(codes).to_have_count(10)
    journey.step(officer, "official-backup-codes")
    officer.get_by_role("link", name=t("I have kept them, continue")).click()
    expect(officer.get_by_role("heading", level=1)).to_contain_text(desk["officer"].full_name)
    journey.step(officer, "official-log-in")
    desk_nav = officer.get_by_role("navigation", name=t("Main navigation"))
    desk_nav.get_by_role("link", name=t("Triage desk")).click()
    rows = officer.get_by_role("table").locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_have_attribute("data-case", reference)
    expect(rows.nth(1)).to_have_attribute("data-case", desk["waiting"].reference)
    journey.step(officer, "desk-queue")
    rows.first.get_by_role("link", name=reference).click()
    expect(officer.get_by_role("heading", level=1)).to_contain_text(reference)
    journey.step(officer, "desk-case")
    officer.get_by_role("button", name=t("Take the case")).click()
    expect(officer.get_by_role("alert")).to_contain_text(t("Take the case"))
    journey.step(officer, "case-taken")

    request = officer.locator("#action-request_info")
    request.get_by_role("checkbox", name=name_of(desk["contract"])).check()
    message = (
        "수출 계약서를 올려 주십시오." if language == "ko" else "Please upload the export contract."
    )
    labelled(request, t("Why the information is needed")).fill(message)
    request.get_by_role("button", name=t("Request information")).click()
    expect(officer.get_by_role("alert")).to_contain_text(t("Request information"))
    journey.step(officer, "information-requested")

    # The company sees the request and uploads the document.
    nav.get_by_role("link", name=t("My applications")).click()
    company.get_by_role("link", name=reference).click()
    asked = company.get_by_role("region", name=t("The trade official asks for information"))
    expect(asked).to_contain_text(message)
    expect(asked).to_contain_text(name_of(desk["contract"]))
    journey.step(company, "company-sees-request")
    company.get_by_role("link", name=t("Answer the request")).click()
    labelled(company, name_of(desk["contract"])).set_input_files(pdf("export-contract.pdf"))
    journey.step(company, "answer-form")
    company.get_by_role("button", name=t("Send the answers")).click()
    expect(company.get_by_role("alert")).to_contain_text(
        t("Your answers are sent. The trade official continues the review.")
    )
    journey.step(company, "answer-sent")

    # The officer proposes the approval; the lead approves it.
    officer.reload()
    recommend = officer.locator("#action-recommend")
    recommend.get_by_role("radio", name=t("Approve")).check()
    recommend.get_by_role("button", name=t("Propose a decision")).click()
    expect(officer.get_by_role("alert")).to_contain_text(t("Propose a decision"))
    journey.step(officer, "decision-proposed")

    lead = person()
    lead.goto("/")
    switch_language(lead, language)
    log_in(lead, t, desk["lead"])
    expect(lead.get_by_role("heading", level=1)).to_have_text(t("Two-step verification"))
    labelled(lead, t("Code")).fill(code_now(authenticator(desk["lead"])))
    journey.step(lead, "lead-second-factor")
    lead.get_by_role("main").get_by_role("button", name=t("Verify")).click()
    expect(lead.get_by_role("heading", level=1)).to_contain_text(desk["lead"].full_name)
    lead.get_by_role("navigation", name=t("Main navigation")).get_by_role(
        "link", name=t("Triage desk")
    ).click()
    expect(lead.get_by_role("table").locator("tbody tr").first).to_have_attribute(
        "data-case", reference
    )
    journey.step(lead, "lead-queue")
    lead.get_by_role("link", name=reference).click()
    expect(lead.locator("#action-approve")).to_be_visible()
    journey.step(lead, "lead-desk-case")
    lead.locator("#action-approve").get_by_role("button", name=t("Approve"), exact=True).click()
    expect(lead.get_by_role("alert")).to_contain_text(t("Approve"))
    journey.step(lead, "approved")

    # The company: the bell, the decision letter, the case.
    company.goto("/")
    # The bell's name says how many are unread: "3 unread notifications".
    bell = t.plural("%(counter)s unread notification", "%(counter)s unread notifications", 99)
    unread = re.compile(re.escape(bell).replace("99", r"\d+"))
    nav.get_by_role("link", name=unread).click()
    decision = company.locator("[data-notification=decision]")
    expect(decision).to_have_count(1)
    journey.step(company, "notifications")
    decision.get_by_role("button", name=t("Open", context="verb")).click()
    expect(company.get_by_role("heading", level=1)).to_have_text(
        t("Decision on your application for support")
    )
    expect(company.get_by_role("main")).to_contain_text(t("%(amount)s won", amount="50,000,000"))
    journey.step(company, "decision-letter")
    company.get_by_role("link", name=t("Back to the application")).click()
    expect(company.get_by_role("heading", name=t("The decision"))).to_be_visible()
    journey.step(company, "decision-on-case")

    case = Case.objects.get(reference=reference)
    assert case.state == CaseState.APPROVED
    assert case.recommended_by == desk["officer"] and case.decided_by == desk["lead"]
    assert sorted(p.name for p in journey.folder.iterdir()) == sorted(journey.expected_files())
    assert not journey.violations, (
        "axe-core finds serious or critical WCAG 2.1 AA problems:\n" + "\n".join(journey.violations)
    )
