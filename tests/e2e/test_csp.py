"""The Content-Security-Policy check itself: it must see a violation, or the journey's clean
bill would mean nothing."""

import pytest

from tests.e2e.browser import watch_csp

pytestmark = pytest.mark.needs_browser

PAGE = "http://csp.invalid/"


def serve(context, html: str, policy: str) -> None:
    context.route(
        PAGE,
        lambda route: route.fulfill(
            body=html, headers={"Content-Type": "text/html", "Content-Security-Policy": policy}
        ),
    )


def test_it_reports_an_inline_style_and_script_and_passes_a_clean_page(browser):
    context = browser.new_context()
    violations = watch_csp(context)
    serve(
        context,
        '<html lang="en"><title>Inline</title><p style="color: red">Red</p>'
        "<script>document.title = 'ran';</script></html>",
        "default-src 'self'",
    )
    page = context.new_page()
    page.goto(PAGE)

    assert any("style-src" in line for line in violations), violations
    assert any("script-src" in line for line in violations), violations
    assert page.title() == "Inline"  # the script was refused

    violations.clear()
    context.unroute(PAGE)
    clean = '<html lang="en"><title>Fine</title><p class="x">Fine</p></html>'
    serve(context, clean, "default-src 'self'")
    page.goto(PAGE)
    assert violations == []
    context.close()
