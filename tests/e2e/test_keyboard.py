"""The application form without a mouse: Tab to each field, type, Space for a checkbox or a
file, arrows in a list, Enter to submit."""

import re

import pytest
from playwright.sync_api import expect

from applicants.models import CompanyMember
from cases import services
from cases.models import Case, CaseState
from centers.models import ChineseProvince
from centers.services import center_set_jurisdiction
from tests.e2e.browser import Words, labelled
from tests.factories import (
    PASSWORD,
    PDF_BYTES,
    CompanyMemberFactory,
    DocumentTypeFactory,
    ProgramFactory,
    PromisingItemFactory,
    StaffAssignmentFactory,
)

pytestmark = pytest.mark.needs_browser

t = Words("ko")


@pytest.fixture
def draft(transactional_db):
    """A draft just started by the owner of a company, to a program asking for one document."""
    plan = DocumentTypeFactory(code="business-plan", name_ko="사업계획서", name_en="Business plan")
    program = ProgramFactory(code="battery-export-loan", required_documents=[plan])
    member = CompanyMemberFactory(role=CompanyMember.Role.OWNER)
    item = PromisingItemFactory(
        code="ev-batteries", name_ko="전기차 배터리", sector=member.company.sector
    )
    center = StaffAssignmentFactory().center
    center_set_jurisdiction(center=center, provinces=[ChineseProvince.SHANGHAI])
    case = services.case_start(company=member.company, program=program, by=member.user)
    return {"case": case, "user": member.user, "plan": plan, "item": item}


def tab_to(page, target, limit=60):
    """Press Tab until `target` has the focus, as a keyboard user moves through a page."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{limit} presses of Tab never reach {target}")


def test_the_application_can_be_filled_and_submitted_with_the_keyboard_only(draft, person):
    page = person()
    # Listen for the file chooser from the start: asking for it only around the key press
    # raced with the press itself, and the chooser was sometimes missed.
    choosers = []
    page.on("filechooser", lambda chooser: choosers.append(chooser))
    page.goto(f"/accounts/login/?next=/cases/{draft['case'].pk}/edit/")
    # The e-mail field has the focus when the page opens.
    expect(labelled(page, t("E-mail address"))).to_be_focused()
    page.keyboard.type(draft["user"].email)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text(draft["case"].program.name_ko)

    tab_to(page, labelled(page, t("amount requested (KRW)")))
    page.keyboard.type("50000000")
    tab_to(page, labelled(page, t("purpose")))
    page.keyboard.type("Open a distribution channel in Shanghai.")

    province = labelled(page, t("target province in China"))
    tab_to(page, province)
    for _ in range(len(ChineseProvince.choices) + 1):
        if province.input_value() == ChineseProvince.SHANGHAI:
            break
        page.keyboard.press("ArrowDown")
    expect(province).to_have_value(ChineseProvince.SHANGHAI)

    tab_to(page, labelled(page, t("target city")))
    page.keyboard.type("Shanghai")
    item = page.get_by_role("checkbox", name=draft["item"].name_ko)
    tab_to(page, item)
    page.keyboard.press("Space")
    expect(item).to_be_checked()
    tab_to(page, labelled(page, t("planned exports to China in the next 12 months (US$)")))
    page.keyboard.type("1250000.50")

    tab_to(page, labelled(page, draft["plan"].name_ko))
    page.keyboard.press("Space")
    for _ in range(100):  # up to 10 s
        if choosers:
            break
        page.wait_for_timeout(100)
    assert choosers, "Space on the document's field opened no file chooser"
    choosers[0].set_files(
        {"name": "business-plan.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}
    )

    tab_to(page, page.get_by_role("button", name=t("Save and submit")))
    page.keyboard.press("Enter")

    submitted = page.get_by_role("alert")
    expect(submitted).to_contain_text(re.compile(r"FIN-\d{4}-\d{6}"))
    case = Case.objects.get(pk=draft["case"].pk)
    assert case.state == CaseState.SUBMITTED
    expect(submitted).to_contain_text(
        t(
            "Your application is submitted. Its reference is %(reference)s.",
            reference=case.reference,
        )
    )
    assert case.documents.get().original_name == "business-plan.pdf"
    assert list(case.export_items.all()) == [draft["item"]]
