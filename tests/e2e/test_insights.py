"""Issue 15 in a browser, in Korean: the insight pages draw their charts without breaking
the Content-Security-Policy, pass axe-core, and a CSV with a bad row opens on the error
summary, naming the line."""

import pytest
from playwright.sync_api import expect

from accounts.roles import Role
from insights.demo import seed_indicators
from insights.models import ExportIndicator
from tests.e2e.browser import Words, accessibility_problems, labelled
from tests.e2e.test_names_and_staffing import sign_in
from tests.factories import UserFactory

pytestmark = pytest.mark.needs_browser

t = Words("ko")


def test_an_administrator_reads_the_indicators_results_and_goal(transactional_db, person, tmp_path):
    seed_indicators()
    admin = UserFactory(is_staff=True, role=Role.ADMINISTRATOR)
    page = person()
    sign_in(page, admin, "/")
    page.get_by_role("button", name=t("Headquarters")).click()
    page.get_by_role("link", name=t("Insights")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Export indicators"))
    latest = page.locator('[data-series="china-all"] [data-latest]')
    expect(latest).to_contain_text("2023년 4월")
    expect(latest).to_contain_text("-26.5%")
    expect(latest).to_contain_text(t("In deficit since %(since)s.", since="2022년 10월"))
    chart = page.locator('[data-series="china-all"] img')
    # Drawn: the SVG image loaded (a blocked or broken one has no natural width).
    assert chart.evaluate("img => img.complete && img.naturalWidth > 0")
    assert accessibility_problems(page) == []

    bad = tmp_path / "figures.csv"
    bad.write_text(
        "month,market,product_group,exports_usd,imports_usd\n"
        "2023-05,china,all,10000000000,\n"
        "2023-05,mars,all,1,\n",
        encoding="utf-8",
    )
    page.get_by_role("link", name=t("Import a CSV")).click()
    labelled(page, t("CSV file")).set_input_files(str(bad))
    page.get_by_role("button", name=t("Preview")).click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    reason = t(
        "unknown market “%(value)s” (expected %(choices)s).", value="mars", choices="china, all"
    )
    expect(summary).to_contain_text(t("Line %(line)s: %(reason)s", line=3, reason=reason))
    expect(page.get_by_text(t("Nothing from this file was imported."), exact=True)).to_be_visible()
    assert not ExportIndicator.objects.filter(month__year=2023, month__month=5).exists()
    assert accessibility_problems(page) == []

    page.goto("/staff/insights/results/")
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Program results"))
    assert accessibility_problems(page) == []
    page.goto("/staff/insights/renewables-goal/")
    expect(page.locator("[data-total]")).to_contain_text("0원")
    assert accessibility_problems(page) == []
