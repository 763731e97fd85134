"""A draft in a browser (issue 16, item 4): its page leads to editing, and it can be
discarded after a confirmation."""

import re

import pytest
from playwright.sync_api import expect

from cases import services
from cases.models import Case
from tests.e2e.browser import Words, accessibility_problems, labelled
from tests.factories import PASSWORD, CompanyMemberFactory, ProgramFactory

pytestmark = pytest.mark.needs_browser

t = Words("ko")


@pytest.fixture
def draft(transactional_db):
    member = CompanyMemberFactory()
    program = ProgramFactory(code="battery-export-loan")
    return services.case_start(company=member.company, program=program, by=member.user)


def test_a_draft_leads_to_editing_and_is_discarded_after_a_confirmation(draft, person):
    page = person()
    page.goto(f"/accounts/login/?next=/cases/{draft.pk}/")
    labelled(page, t("E-mail address")).fill(draft.created_by.email)
    labelled(page, t("Password")).fill(PASSWORD)
    page.get_by_role("button", name=t("Log in")).click()

    page.get_by_role("link", name=t("Continue the application")).click()
    expect(page).to_have_url(re.compile(rf"/cases/{draft.pk}/edit/$"))
    page.get_by_role("link", name=t("Discard the draft")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Discard the draft?"))
    assert accessibility_problems(page) == []
    assert Case.objects.filter(pk=draft.pk).exists()

    page.get_by_role("button", name=t("Discard the draft")).click()
    expect(page).to_have_url(re.compile(r"/cases/$"))
    expect(page.get_by_role("alert")).to_contain_text(draft.program.name_ko)
    assert not Case.objects.filter(pk=draft.pk).exists()
