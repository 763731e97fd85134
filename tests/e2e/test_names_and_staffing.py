"""Issue 16 in a browser, items 2, 5, 7 and 8: the desk names programs and centers and
writes Korean dates, its lists are grouped by area, an officer sees no bulk assignment,
the bell is a drawing with a name, and closing a center needs its box ticked."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.roles import Role
from cases.models import CaseState
from centers.models import StaffAssignment, SupportCenter
from tests.e2e.browser import Words, labelled
from tests.factories import (
    PASSWORD,
    CaseFactory,
    ProgramFactory,
    PromisingItemFactory,
    SectorFactory,
    StaffAssignmentFactory,
    SupportCenterFactory,
    UserFactory,
)
from tests.second_factor import authenticator, code_now

pytestmark = pytest.mark.needs_browser

t = Words("ko")


def sign_in(page, user, next_url):
    device = authenticator(user)
    page.goto(f"/accounts/login/?next={next_url}")
    labelled(page, t("E-mail address")).fill(user.email)
    labelled(page, t("Password")).fill(PASSWORD)
    page.get_by_role("button", name=t("Log in")).click()
    labelled(page, t("Code")).fill(code_now(device))
    page.keyboard.press("Enter")


@pytest.fixture
def desk(transactional_db):
    officer = StaffAssignmentFactory(center__name_ko="상하이 수출지원센터")
    area = SectorFactory(name_ko="신산업")
    PromisingItemFactory(name_ko="음극재", sector=SectorFactory(name_ko="이차전지", parent=area))
    program = ProgramFactory(code="new-industry-financing", name_ko="신산업 수출 금융")
    CaseFactory(
        program=program,
        state=CaseState.SUBMITTED,
        center=officer.center,
        reference="FIN-2026-000777",
        submitted_at=timezone.now() - datetime.timedelta(days=1),
        sla_due=datetime.date(2026, 12, 2),
    )
    return officer


def test_an_officer_s_desk_shows_names_korean_dates_groups_and_no_bulk_panel(desk, person):
    page = person()
    sign_in(page, desk.official.user, "/desk/")
    row = page.locator('tr[data-case="FIN-2026-000777"]')
    expect(row).to_contain_text("신산업 수출 금융")
    expect(row).to_contain_text("상하이 수출지원센터")
    expect(row).to_contain_text("2026. 12. 2.")
    expect(row).not_to_contain_text("new-industry-financing")
    sector = labelled(page, t("Sector"))
    expect(sector.locator("optgroup[label='신산업'] option")).to_have_text(
        [t("All of %(area)s", area="신산업"), "이차전지"]
    )
    expect(page.get_by_role("group", name=t("Assign the selected cases"))).to_have_count(0)
    bell = page.get_by_role("link", name=t.plural(
        "%(counter)s unread notification", "%(counter)s unread notifications", 0
    ))  # fmt: skip
    expect(bell.locator("svg")).to_be_visible()


def test_closing_a_center_needs_its_box_ticked(transactional_db, person):
    SupportCenterFactory(is_headquarters=True, name_ko="베이징 본부")
    closing = SupportCenterFactory(name_ko="칭다오 수출지원센터")
    StaffAssignmentFactory(center=closing, role=StaffAssignment.Role.LEAD)
    admin = UserFactory(is_staff=True, role=Role.ADMINISTRATOR)
    page = person()
    sign_in(page, admin, f"/staff/centers/{closing.pk}/close/")
    labelled(page, t("Reason")).fill("베이징 본부로 통합")
    page.get_by_role("button", name=t("Close and move everything")).click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text(t("Tick the box to confirm the closure."))
    expect(labelled(page, t("Reason"))).to_have_value("베이징 본부로 통합")
    closing.refresh_from_db()
    assert closing.status == SupportCenter.Status.OPEN

    page.get_by_role("checkbox").check()
    page.get_by_role("button", name=t("Close and move everything")).click()
    expect(page.get_by_role("alert").first).to_contain_text("칭다오 수출지원센터")
    closing.refresh_from_db()
    assert closing.status == SupportCenter.Status.CLOSED
