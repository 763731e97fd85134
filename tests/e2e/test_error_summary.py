"""A form that fails opens with its error summary in focus, and each of the summary's links
takes the keyboard to its field, however far down the page it is (issue 16, item 1)."""

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import Words, labelled
from tests.factories import PASSWORD, PromisingItemFactory, SectorFactory, UserFactory

pytestmark = pytest.mark.needs_browser

t = Words("ko")


@pytest.fixture
def newcomer(transactional_db):
    batteries = SectorFactory(parent=SectorFactory())
    for _ in range(30):  # the promising items' checkboxes between the two wrong fields
        PromisingItemFactory(sector=batteries)
    return UserFactory(email="minsu.kim@exporter.example.com")


def test_a_failed_registration_opens_on_its_summary_whose_links_reach_each_field(newcomer, person):
    page = person()
    page.goto("/accounts/login/?next=/companies/register/")
    labelled(page, t("E-mail address")).fill(newcomer.email)
    labelled(page, t("Password")).fill(PASSWORD)
    page.get_by_role("button", name=t("Log in")).click()

    number = labelled(page, t("Business registration number"))
    number.fill("123-45-67890")
    labelled(page, t("legal name (Korean)")).fill("가온전지")
    exports = labelled(page, t("exports to China last year (US$)"))
    exports.fill("-5")
    page.get_by_role("button", name=t("Register the company")).click()

    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_be_in_viewport()
    # Every required field left empty is listed too; these two were filled, wrongly.
    summary.locator('a[data-field="exports_to_china_last_year"]').click()
    expect(exports).to_be_focused()
    expect(exports).to_be_in_viewport()
    expect(exports).to_have_value("-5")
    summary.locator('a[data-field="business_number"]').press("Enter")
    expect(number).to_be_focused()
    expect(number).to_have_value("123-45-67890")
    expect(labelled(page, t("legal name (Korean)"))).to_have_value("가온전지")
