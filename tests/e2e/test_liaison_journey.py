"""The liaison leg of the journey, in a real browser, in Korean and in English: a company
reports a customs hold; the official records a contact with the provincial customs office
and resolves the difficulty; the company reads the outcome. axe-core checks every step."""

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from applicants.models import CompanyMember
from centers.models import ChineseProvince
from centers.services import center_set_jurisdiction
from outreach.models import Contact, Difficulty
from tests.e2e.browser import Journey, Words, labelled
from tests.e2e.test_journey import log_in, switch_language
from tests.factories import CompanyMemberFactory, StaffAssignmentFactory, SupportCenterFactory
from tests.second_factor import authenticator, code_now

pytestmark = pytest.mark.needs_browser

SCREENSHOTS = settings.VAR_DIR / "e2e-screenshots"

STEPS = [
    "company-difficulties",
    "report-form",
    "reported",
    "official-difficulties",
    "official-difficulty",
    "contact-form",
    "contact-recorded",
    "resolved",
    "company-reads-outcome",
]


@pytest.fixture
def liaison(transactional_db):
    shanghai = SupportCenterFactory(
        code="shanghai", name_ko="상하이 수출지원센터", name_en="Shanghai Export Support Center"
    )
    center_set_jurisdiction(center=shanghai, provinces=[ChineseProvince.SHANGHAI])
    officer = StaffAssignmentFactory(
        center=shanghai,
        official__user__email="officer@shanghai.example.com",
        official__user__full_name="박민준",
    ).official.user
    authenticator(officer)
    owner = CompanyMemberFactory(
        role=CompanyMember.Role.OWNER,
        company__name_ko="한빛배터리 주식회사",
        company__name_en="Hanbit Battery Co., Ltd.",
        user__email="owner@hanbit.example.com",
        user__full_name="이정호",
    ).user
    return {"officer": officer, "owner": owner}


@pytest.mark.parametrize("language", ["ko", "en"])
def test_a_customs_hold_is_reported_taken_up_and_resolved(language, liaison, person):
    t = Words(language)
    journey = Journey(SCREENSHOTS / f"liaison-{language}", STEPS)

    # The company reports the hold.
    company = person()
    company.goto("/")
    switch_language(company, language)
    log_in(company, t, liaison["owner"])
    nav = company.get_by_role("navigation", name=t("Main navigation"))
    nav.get_by_role("link", name=t("My difficulties in China")).click()
    expect(company.get_by_role("heading", level=1)).to_have_text(t("My difficulties in China"))
    journey.step(company, "company-difficulties")
    company.get_by_role("link", name=t("Report a difficulty")).click()
    labelled(company, t("What is the difficulty?")).select_option("customs")
    labelled(company, t("Province")).select_option(ChineseProvince.SHANGHAI)
    labelled(company, t("Authority concerned")).fill("Yangshan port customs")
    labelled(company, t("Description")).fill("40 pallets of cells held since 3 November.")
    journey.step(company, "report-form")
    company.get_by_role("button", name=t("Send the report")).click()
    expect(company.locator("[data-status]")).to_have_text(t(Difficulty.Status.RECEIVED.label))
    journey.step(company, "reported")
    difficulty = Difficulty.objects.get()

    # The official takes it up with Shanghai Customs and resolves it.
    officer = person()
    officer.goto("/")
    switch_language(officer, language)
    log_in(officer, t, liaison["officer"])
    labelled(officer, t("Code")).fill(code_now(authenticator(liaison["officer"])))
    officer.get_by_role("main").get_by_role("button", name=t("Verify")).click()
    officer.get_by_role("navigation", name=t("Main navigation")).get_by_role(
        "link", name=t("Difficulties"), exact=True
    ).click()
    expect(officer.locator("[data-open-difficulties]")).to_have_text("1")
    journey.step(officer, "official-difficulties")
    officer.locator(f"[data-difficulty='{difficulty.pk}']").get_by_role("link").click()
    expect(officer.locator("[data-status]")).to_have_text(t(Difficulty.Status.RECEIVED.label))
    journey.step(officer, "official-difficulty")

    officer.get_by_role("link", name=t("Record a contact about it")).click()
    labelled(officer, t("New body: level")).select_option("provincial")
    labelled(officer, t("New body: province")).select_option(ChineseProvince.SHANGHAI)
    labelled(officer, t("New body: name in Chinese")).fill("上海海关")
    labelled(officer, t("New body: name in Korean")).fill("상하이 세관")
    labelled(officer, t("New body: name in English")).fill("Shanghai Customs")
    labelled(officer, t("Counterpart")).fill("Director Zhou")
    labelled(officer, t("Date")).fill(timezone.localdate().isoformat())
    labelled(officer, t("Channel")).select_option("meeting")
    labelled(officer, t("Topics")).fill("The held cells")
    labelled(officer, t("Outcome")).fill("Reclassified; released without inspection")
    expect(officer.get_by_role("checkbox", checked=True)).to_have_count(1)
    journey.step(officer, "contact-form")
    officer.get_by_role("button", name=t("Record the contact")).click()
    expect(officer.get_by_role("alert")).to_contain_text(t("The contact is recorded."))
    journey.step(officer, "contact-recorded")

    officer.locator("dd a[href*='/difficulties/']").click()
    officer.get_by_label(t(Difficulty.Status.RESOLVED.label), exact=True).check()
    labelled(officer, t("What came of it, and why")).fill("Released on 20 November.")
    officer.get_by_role("button", name=t("Close the difficulty")).click()
    expect(officer.locator("[data-status]")).to_have_text(t(Difficulty.Status.RESOLVED.label))
    journey.step(officer, "resolved")

    # The company reads the outcome and who took it up, never the officials' notes.
    company.reload()
    outcome = company.locator("[data-outcome]")
    expect(outcome).to_contain_text(t(Difficulty.Status.RESOLVED.label))
    expect(outcome).to_contain_text("Released on 20 November.")
    expect(company.locator("[data-contacts]")).to_contain_text("上海海关")
    journey.step(company, "company-reads-outcome")

    assert Contact.objects.get().difficulties.get() == difficulty
    assert sorted(p.name for p in journey.folder.iterdir()) == sorted(journey.expected_files())
    assert not journey.violations, (
        "axe-core finds serious or critical WCAG 2.1 AA problems:\n" + "\n".join(journey.violations)
    )
