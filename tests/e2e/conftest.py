"""The browser for the end-to-end tests: Debian's Chromium, driven by Playwright, against
the live server (pytest-django's, in a thread of this process, on a transactional
database)."""

import pytest
from django.db import connections
from playwright.sync_api import expect, sync_playwright

from tests.e2e.browser import CHROMIUM, DESKTOP, LAUNCH_ARGS, watch_csp


@pytest.fixture
def browser(monkeypatch):
    """A headless Chromium for one test; the root conftest's needs_browser check has made
    sure it is installed (or failed the test in CI)."""
    # Playwright's sync API keeps an asyncio loop running in this thread (in a greenlet),
    # so Django takes the test's own ORM calls for calls from async code. They are not:
    # the test is synchronous and the live server answers from its own thread.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    # A busy CI machine answers slower than a laptop: wait up to 10 s for a page's change.
    expect.set_options(timeout=10_000)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS
        )
        yield browser
        browser.close()
        # With the loop running, Django also keeps this thread's database connections apart
        # (as it does for async code): close them now, or they outlive the test and hold
        # the test database open.
        connections.close_all()


@pytest.fixture
def person(browser, live_server):
    """`person()` opens a new browser window for one more person, as a Korean visitor's
    browser would: Korean first, Seoul time; each person keeps their own cookies.

    A page that breaks the Content-Security-Policy fails the test."""
    contexts = []
    violations = []

    def open_page():
        context = browser.new_context(
            base_url=live_server.url,
            locale="ko-KR",
            timezone_id="Asia/Seoul",
            viewport=DESKTOP,
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        violations.append(watch_csp(context))
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()
    found = [line for lines in violations for line in lines]
    if found:
        pytest.fail("The Content-Security-Policy was violated:\n" + "\n".join(found))
