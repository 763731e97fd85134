"""The accessibility check itself: it must find what it is there to find, or the journey's
clean bill would mean nothing."""

import pytest

from tests.e2e.browser import accessibility_problems

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
