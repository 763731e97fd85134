"""The journey in Simplified Chinese, as the centers' local staff and a company reading in
Chinese meet it: the language switch, sign-up, the application, the desk's review and the
decision letter, with the catalog's Chinese names. Screenshots of every step, at desktop
and phone width, go to var/e2e-screenshots/zh-hans/, and axe-core checks every page.

And the switch itself: in English at 1280 px, "한국어" and "简体中文" each stay on one line."""

import os
import re
import subprocess
from base64 import b32decode

import pytest
from playwright.sync_api import expect

from accounts.roles import Role
from applicants.models import KoreanRegion
from cases.models import Case, CaseState
from centers.models import ChineseProvince
from programs.models import CompanySize
from tests.e2e.browser import DESKTOP, Journey, Words, labelled
from tests.e2e.test_journey import NEW_PASSWORD, SCREENSHOTS, desk, log_in, pdf
from tests.factories import UserFactory, valid_business_number
from tests.second_factor import authenticator, code_now

pytestmark = pytest.mark.needs_browser
__all__ = ["desk"]  # the Korean and English journey's program and Shanghai center

LANGUAGE = "zh-hans"
STEPS = [
    "home",
    "sign-up",
    "email-confirmed",
    "register-company",
    "program",
    "application-filled",
    "submitted",
    "official-enrol",
    "desk-queue",
    "desk-case",
    "information-requested",
    "company-sees-request",
    "answer-sent",
    "decision-proposed",
    "lead-desk-case",
    "approved",
    "decision-letter",
]
COMPANY = {"person": "王晓明", "email": "wang@saebit.example.com"}
CHINESE_NAMES = {
    "sector": "二次电池",
    "item": "电动汽车电池",
    "plan": "商业计划书",
    "contract": "出口合同",
    "program": "电池出口贷款",
}


@pytest.fixture
def chinese_font():
    """Without a font for Chinese, every word of the screenshots is an empty box."""
    fonts = subprocess.run(["fc-list", ":lang=zh-cn"], capture_output=True, text=True).stdout
    if not fonts.strip():
        reason = "needs a Chinese font for the screenshots: sudo apt-get install fonts-wqy-microhei"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true and this test {reason}", pytrace=False)
        pytest.skip(reason)


@pytest.fixture
def chinese_desk(desk):
    """The catalog of the journey, with its Chinese names, and the Shanghai center's."""
    for key, name in CHINESE_NAMES.items():
        desk[key].name_zh = name
        desk[key].save(update_fields=["name_zh"])
    desk["program"].description_zh = "为电池出口中国提供低息贷款。"
    desk["program"].save(update_fields=["description_zh"])
    center = desk["waiting"].center
    center.name_zh = "上海出口支援中心"
    center.save(update_fields=["name_zh"])
    return desk


def switch_to_chinese(page):
    """The switch names each language in its own script: a Chinese reader finds 简体中文."""
    nav = page.get_by_role("navigation", name=Words("ko")("Main navigation"))
    nav.get_by_role("button", name="简体中文").click()
    expect(page.locator("html")).to_have_attribute("lang", LANGUAGE)


def test_the_journey_in_simplified_chinese(chinese_font, chinese_desk, person, mailoutbox):
    t = Words(LANGUAGE)
    desk = chinese_desk
    journey = Journey(SCREENSHOTS / LANGUAGE, STEPS)

    company = person()
    company.goto("/")
    switch_to_chinese(company)
    expect(company.get_by_role("heading", level=1)).to_have_text("对华出口企业支援")
    journey.step(company, "home")

    nav = company.get_by_role("navigation", name=t("Main navigation"))
    nav.get_by_role("link", name=t("Sign up")).click()
    labelled(company, t("Full name")).fill(COMPANY["person"])
    labelled(company, t("E-mail address")).fill(COMPANY["email"])
    labelled(company, t("Password")).fill(NEW_PASSWORD)
    labelled(company, t("Password confirmation")).fill(NEW_PASSWORD)
    # The e-mails follow the language the page is in.
    expect(labelled(company, t("Preferred language"))).to_have_value(LANGUAGE)
    journey.step(company, "sign-up")
    company.get_by_role("button", name=t("Create my account")).click()
    expect(company.get_by_role("heading", level=1)).to_have_text("请查看您的电子邮件")

    [email] = mailoutbox
    assert email.subject == "确认您在对华出口支援服务台的电子邮箱地址"
    company.goto(re.search(r"https?://\S+/accounts/verify/\S+/", email.body).group())
    expect(company.get_by_role("alert")).to_contain_text("您的电子邮箱地址已确认。")
    journey.step(company, "email-confirmed")

    nav.get_by_role("link", name=t("My companies")).click()
    company.get_by_role("link", name=t("Register a company")).click()
    labelled(company, t("Business registration number")).fill(valid_business_number())
    labelled(company, t("legal name (Korean)")).fill("새빛에너지 주식회사")
    labelled(company, t("legal name (English)")).fill("Saebit Energy Co., Ltd.")
    labelled(company, t("representative")).fill(COMPANY["person"])
    labelled(company, t("company size")).select_option(label="中小企业")
    assert t(CompanySize.SME.label) == "中小企业"
    labelled(company, t("region")).select_option(label=t(KoreanRegion.GYEONGGI.label))
    labelled(company, t("sector")).select_option(label="二次电池")
    company.get_by_role("checkbox", name="电动汽车电池").check()
    labelled(company, t("exports to China last year (US$)")).fill("2400000")
    labelled(company, t("exports to China this year so far (US$)")).fill("600000")
    labelled(company, t("number of employees")).fill("85")
    journey.step(company, "register-company")
    company.get_by_role("button", name=t("Register the company")).click()
    # A Chinese page without a Chinese name for the company shows its English one.
    expect(company.get_by_role("alert")).to_contain_text(
        "Saebit Energy Co., Ltd. 已登记。您是其负责人。"
    )

    nav.get_by_role("link", name=t("Support programs")).click()
    company.get_by_role("link", name="电池出口贷款").click()
    expect(company.get_by_role("heading", level=1)).to_have_text("电池出口贷款")
    expect(company.get_by_role("main")).to_contain_text("为电池出口中国提供低息贷款。")
    journey.step(company, "program")
    company.get_by_role("button", name="以 Saebit Energy Co., Ltd. 的名义申请").click()

    labelled(company, t("amount requested (KRW)")).fill("50000000")
    labelled(company, t("purpose")).fill("在上海建立电池分销网络")
    labelled(company, t("target province in China")).select_option(label="上海")
    assert t(ChineseProvince.SHANGHAI.label) == "上海"
    labelled(company, t("target city")).fill("上海")
    company.get_by_role("checkbox", name="电动汽车电池").check()
    labelled(company, t("planned exports to China in the next 12 months (US$)")).fill("1250000")
    labelled(company, "商业计划书").set_input_files(pdf("business-plan.pdf"))
    journey.step(company, "application-filled")
    company.get_by_role("button", name=t("Save draft")).click()
    expect(company.get_by_role("alert")).to_contain_text("草稿已保存。")
    company.get_by_role("button", name=t("Save and submit")).click()
    submitted = company.get_by_role("alert")
    expect(submitted).to_contain_text(re.compile(r"FIN-\d{4}-\d{6}"))
    reference = re.search(r"FIN-\d{4}-\d{6}", submitted.inner_text()).group()
    expect(submitted).to_contain_text(f"您的申请已提交。受理编号为 {reference}。")
    journey.step(company, "submitted")

    # The Shanghai officer, local staff reading Chinese.
    officer = person()
    officer.goto("/")
    switch_to_chinese(officer)
    log_in(officer, t, desk["officer"])
    expect(officer.get_by_role("heading", level=1)).to_have_text("设置两步验证")
    journey.step(officer, "official-enrol")
    secret = officer.locator("#otp-secret").inner_text()
    labelled(officer, t("Code from the app")).fill(code_now(b32decode(secret.replace(" ", ""))))
    officer.get_by_role("button", name=t("Confirm and turn on")).click()
    officer.get_by_role("link", name=t("I have kept them, continue")).click()
    officer.get_by_role("navigation", name=t("Main navigation")).get_by_role(
        "link", name="审核工作台"
    ).click()
    rows = officer.get_by_role("table").locator("tbody tr")
    expect(rows.first).to_have_attribute("data-case", reference)
    journey.step(officer, "desk-queue")
    rows.first.get_by_role("link", name=reference).click()
    expect(officer.get_by_role("main")).to_contain_text("上海出口支援中心")
    journey.step(officer, "desk-case")
    officer.get_by_role("button", name="承接案件").click()
    expect(officer.get_by_role("alert")).to_contain_text("已完成：承接案件。")
    request = officer.locator("#action-request_info")
    request.get_by_role("checkbox", name="出口合同").check()
    labelled(request, t("Why the information is needed")).fill("请上传出口合同。")
    request.get_by_role("button", name="要求补充材料").click()
    expect(officer.get_by_role("alert")).to_contain_text("要求补充材料")
    journey.step(officer, "information-requested")

    nav.get_by_role("link", name=t("My applications")).click()
    company.get_by_role("link", name=reference).click()
    asked = company.get_by_role("region", name="贸易专员要求补充材料")
    expect(asked).to_contain_text("请上传出口合同。")
    expect(asked).to_contain_text("出口合同")
    journey.step(company, "company-sees-request")
    company.get_by_role("link", name="答复该要求").click()
    labelled(company, "出口合同").set_input_files(pdf("export-contract.pdf"))
    company.get_by_role("button", name="发送答复").click()
    expect(company.get_by_role("alert")).to_contain_text("您的答复已发送。贸易专员将继续审核。")
    journey.step(company, "answer-sent")

    officer.reload()
    recommend = officer.locator("#action-recommend")
    recommend.get_by_role("radio", name="批准").check()
    recommend.get_by_role("button", name="呈报拟议决定").click()
    expect(officer.get_by_role("alert")).to_contain_text("呈报拟议决定")
    journey.step(officer, "decision-proposed")

    lead = person()
    lead.goto("/")
    switch_to_chinese(lead)
    log_in(lead, t, desk["lead"])
    labelled(lead, t("Code")).fill(code_now(authenticator(desk["lead"])))
    lead.get_by_role("main").get_by_role("button", name="验证").click()
    lead.goto(f"/desk/cases/{Case.objects.get(reference=reference).pk}/")
    expect(lead.locator("#action-approve")).to_be_visible()
    journey.step(lead, "lead-desk-case")
    lead.locator("#action-approve").get_by_role("button", name="批准", exact=True).click()
    expect(lead.get_by_role("alert")).to_contain_text("批准")
    journey.step(lead, "approved")

    company.goto("/")
    nav.get_by_role("link", name=re.compile(r"\d+ 条未读通知")).click()
    company.locator("[data-notification=decision]").get_by_role("button", name="打开").click()
    expect(company.get_by_role("heading", level=1)).to_have_text("关于您的支援申请的决定")
    expect(company.get_by_role("main")).to_contain_text("50,000,000 韩元")
    journey.step(company, "decision-letter")

    case = Case.objects.get(reference=reference)
    assert case.state == CaseState.APPROVED
    assert sorted(p.name for p in journey.folder.iterdir()) == sorted(journey.expected_files())
    assert not journey.violations, (
        "axe-core finds serious or critical WCAG 2.1 AA problems:\n" + "\n".join(journey.violations)
    )


@pytest.mark.parametrize("language", ["en", LANGUAGE])
def test_the_language_switch_keeps_each_name_on_one_line_at_1280_px(
    transactional_db, person, language
):
    """The administrator's bar is the fullest: the links, the headquarters' menu, the switch,
    the bell, the name."""
    admin = UserFactory(
        email="admin@example.com",
        full_name="Administrator Hong",
        is_staff=True,
        role=Role.ADMINISTRATOR,
    )
    page = person()
    page.set_viewport_size(DESKTOP)
    page.goto("/")
    nav = page.get_by_role("navigation", name=Words("ko")("Main navigation"))
    nav.get_by_role("button", name={"en": "English", LANGUAGE: "简体中文"}[language]).click()
    t = Words(language)
    authenticator(admin)
    log_in(page, t, admin)
    labelled(page, t("Code")).fill(code_now(authenticator(admin)))
    page.get_by_role("main").get_by_role("button", name=t("Verify")).click()
    nav = page.get_by_role("navigation", name=t("Main navigation"))
    nav.get_by_role("button", name=t("Headquarters")).click()
    expect(nav.get_by_role("link", name=t("Security log"))).to_be_visible()

    others = {"en": ["한국어", "简体中文"], LANGUAGE: ["한국어", "English"]}[language]
    for name in others:
        button = nav.get_by_role("button", name=name)
        height = button.evaluate("element => element.getBoundingClientRect().height")
        line = button.evaluate("element => parseFloat(getComputedStyle(element).lineHeight)")
        assert height < 2 * line, f"{name!r} wraps: {height}px high for {line}px lines"
    # Nor does anything leave the screen: the account menu is whole, at its right.
    account = nav.get_by_role("button", name="Administrator Hong").or_(
        nav.get_by_role("link", name="Administrator Hong")
    )
    right = account.evaluate("element => element.getBoundingClientRect().right")
    assert right <= DESKTOP["width"], f"the account menu ends at {right}px"
    page.screenshot(path=SCREENSHOTS / f"navigation-{language}-1280.png")
