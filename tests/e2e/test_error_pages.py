"""The error pages a person meets, in a browser (issue 16, item 3): in the site's layout
and language, clean for axe, and a refreshed "apply" lands on the program's page."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import PHONE, Words, accessibility_problems, labelled
from tests.factories import PASSWORD, CompanyMemberFactory, ProgramFactory

pytestmark = pytest.mark.needs_browser

t = Words("ko")


@pytest.fixture
def member(transactional_db):
    return CompanyMemberFactory().user


def sign_in(page, user, next_url):
    page.goto(f"/accounts/login/?next={next_url}")
    labelled(page, t("E-mail address")).fill(user.email)
    labelled(page, t("Password")).fill(PASSWORD)
    page.get_by_role("button", name=t("Log in")).click()


def test_a_company_user_on_the_desk_reads_where_to_go(member, person):
    page = person()
    sign_in(page, member, "/desk/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        t("This page is not for your account")
    )
    expect(page.get_by_role("navigation", name=t("Main navigation"))).to_be_visible()
    assert accessibility_problems(page) == []
    page.set_viewport_size(PHONE)
    assert accessibility_problems(page) == []
    page.get_by_role("main").get_by_role("link", name=t("My applications")).click()
    expect(page).to_have_url(re.compile(r"/cases/$"))


def test_a_bookmarked_apply_lands_on_the_program(member, person):
    program = ProgramFactory(code="battery-export-loan")
    page = person()
    sign_in(page, member, f"/programs/{program.code}/apply/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(program.name_ko)
    expect(page.get_by_role("alert")).to_contain_text(
        t("That address only acts on a form sent from a page; opening it changed nothing.")
    )
