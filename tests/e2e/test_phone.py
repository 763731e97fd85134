"""Tables on a phone (issue 16, item 6): at 390 px no word breaks one letter per line, a
table wider than the screen scrolls inside a named region the keyboard can reach, and axe
finds nothing serious at that width."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cases.models import CaseState
from tests.e2e.browser import PHONE, Words, accessibility_problems, labelled
from tests.factories import (
    PASSWORD,
    CaseFactory,
    CompanyMemberFactory,
    StaffAssignmentFactory,
)
from tests.second_factor import authenticator, code_now

pytestmark = pytest.mark.needs_browser

t = Words("ko")

# Each word (a run of letters or digits) of each cell on one line: a Range per word sits on
# one line. A break at a space, a hyphen or a bracket is fine; within a word it is not.
BROKEN_WORDS = """table => {
  const broken = [];
  for (const cell of table.querySelectorAll("td, th")) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const re = /[\\p{L}\\p{N}]+/gu;
      for (let m = re.exec(node.data); m; m = re.exec(node.data)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
        if (lines.size > 1) broken.push(m[0]);
      }
    }
  }
  return broken;
}"""


@pytest.fixture
def world(transactional_db):
    assignment = StaffAssignmentFactory()
    member = CompanyMemberFactory()
    for number, state in enumerate(
        [CaseState.INFO_REQUESTED, CaseState.SUBMITTED, CaseState.IN_REVIEW], 1
    ):
        CaseFactory(
            company=member.company,
            center=assignment.center,
            state=state,
            reference=f"FIN-2026-{number:06d}",
            submitted_at=timezone.now() - datetime.timedelta(days=number),
            sla_due=timezone.localdate() + datetime.timedelta(days=5),
        )
    return {"member": member.user, "official": assignment.official.user}


def sign_in(page, user, next_url):
    page.goto(f"/accounts/login/?next={next_url}")
    labelled(page, t("E-mail address")).fill(user.email)
    labelled(page, t("Password")).fill(PASSWORD)
    page.get_by_role("button", name=t("Log in")).click()


def test_my_applications_on_a_phone_keeps_words_whole_and_scrolls_in_a_region(world, person):
    page = person()
    page.set_viewport_size(PHONE)
    sign_in(page, world["member"], "/cases/")
    expect(page.get_by_role("heading", level=1)).to_have_text(t("My applications"))
    table = page.locator("main table")
    assert table.evaluate(BROKEN_WORDS) == []
    region = page.get_by_role("region", name=t("My applications"))
    expect(region).to_be_visible()
    region.focus()
    expect(region).to_be_focused()
    assert accessibility_problems(page) == []


def test_the_desk_on_a_phone_reaches_its_state_column(world, person):
    device = authenticator(world["official"])
    page = person()
    page.set_viewport_size(PHONE)
    page.goto("/accounts/login/?next=/desk/")
    labelled(page, t("E-mail address")).fill(world["official"].email)
    labelled(page, t("Password")).fill(PASSWORD)
    page.get_by_role("button", name=t("Log in")).click()
    labelled(page, t("Code")).fill(code_now(device))
    page.keyboard.press("Enter")
    region = page.get_by_role("region", name=t("Highest priority first, then the longest waiting."))
    region.focus()
    page.keyboard.press("End")
    state = page.get_by_role("columnheader", name=t("State"))
    expect(state).to_be_in_viewport()
    assert page.locator("main table").evaluate(BROKEN_WORDS) == []
    assert accessibility_problems(page) == []
