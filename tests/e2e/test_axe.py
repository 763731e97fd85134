"""The accessibility check itself: it must find what it is there to find, or the journey's
clean bill would mean nothing."""

import pytest

from tests.e2e.browser import PHONE, accessibility_problems

pytestmark = pytest.mark.needs_browser


def test_it_reports_serious_problems_and_passes_a_clean_page(browser):
    page = browser.new_page()
    page.set_content(
        '<html lang="en"><head><title>Broken</title></head><body><main>'
        '<img src="data:,"><input type="text"><p style="color:#bbb">Faint</p>'
        "</main></body></html>"
    )
    found = {problem.split()[0] for problem in accessibility_problems(page)}
    assert found == {"image-alt", "label", "color-contrast"}

    page.set_content(
        '<html lang="en"><head><title>Fine</title></head><body><main>'
        '<img src="data:," alt="A chart"><label>Name <input type="text"></label>'
        "</main></body></html>"
    )
    assert accessibility_problems(page) == []


def test_at_phone_width_it_reports_a_table_that_scrolls_out_of_the_keyboard_s_reach(browser):
    page = browser.new_page(viewport=PHONE)
    wide = "<table><tr>" + "<td>Information requested</td>" * 12 + "</tr></table>"
    page.set_content(
        '<html lang="en"><head><title>Wide</title></head><body><main>'
        f'<div style="overflow-x:auto">{wide}</div></main></body></html>'
    )
    found = {problem.split()[0] for problem in accessibility_problems(page)}
    assert "scrollable-region-focusable" in found

    page.set_content(
        '<html lang="en"><head><title>Wide</title></head><body><main>'
        f'<div style="overflow-x:auto" tabindex="0" role="region" aria-label="Cases">{wide}'
        "</div></main></body></html>"
    )
    assert accessibility_problems(page) == []
