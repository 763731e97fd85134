"""Amounts and dates as people read them, on every page (issue 16, item 2): no page of the
access matrix shows a raw decimal such as 1250000.50, in either language."""

import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse

from programs.formatting import krw, usd
from tests.config.test_access import PAGES, ROLES, sample_kwargs, world  # noqa: F401

pytestmark = pytest.mark.django_db

# Digits run together before a decimal point: what `{{ amount }}` prints, never a person.
RAW_DECIMAL = re.compile(r"(?<![\d,.])\d{4,}\.\d+")


def visible_text(html: str) -> str:
    """What the page shows: not its form fields' values, scripts or attributes."""
    html = re.sub(r"<(script|style|textarea)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def test_the_filters_group_and_label_amounts_in_the_page_s_language():
    from django.utils import translation

    with translation.override("ko"):
        assert krw(1250000) == "1,250,000원"
        assert usd(Decimal("1250000.5")) == "US$ 1,250,000.50"
        assert krw(None) == "" and usd("") == ""
    with translation.override("en"):
        assert krw(50_000_000) == "50,000,000 won"
        assert usd(2000000) == "US$ 2,000,000.00"


@pytest.mark.parametrize("language", ["ko", "en"])
@pytest.mark.parametrize("role", ROLES)
def test_no_page_shows_a_raw_decimal(client, world, role, language):  # noqa: F811
    company = world["company_member"].company_memberships.get().company
    company.exports_to_china_last_year = Decimal("1250000.50")
    company.exports_to_china_this_year = Decimal("2000000.00")
    company.save()
    case = company.cases.get(pk=world["samples"]["case"])
    case.planned_exports_to_china = Decimal("3500000.25")
    case.save()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    if world[role] is not None:
        client.force_login(world[role])
    found, shown = [], 0
    for name, (kwargs, expected) in sorted(PAGES.items()):
        if expected[role] != 200 or name.startswith("admin:") or name == "healthz":
            continue
        kwargs = {key: world["samples"].get(value, value) for key, value in kwargs.items()}
        url = reverse(name, kwargs=sample_kwargs(name, kwargs, world["administrator"]))
        response = client.get(url)
        if response.get("Content-Type", "").startswith("text/html"):
            shown += 1
            text = visible_text(response.content.decode())
            found += [f"{url}: {raw}" for raw in RAW_DECIMAL.findall(text)]
    assert shown
    assert found == []


def test_the_company_s_page_shows_its_export_figures_formatted(client, applicant):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    company = applicant.company_memberships.get().company
    company.exports_to_china_last_year = Decimal("1250000.50")
    company.save()
    client.force_login(applicant)
    html = client.get(reverse("companies:detail", args=[company.pk])).content.decode()
    assert "US$ 1,250,000.50" in html
    assert "1250000.50" not in visible_text(html)
