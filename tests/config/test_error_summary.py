"""Every form that fails shows, at the page's top, a summary that links to each wrong field."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from applicants.models import KoreanRegion
from programs.models import CompanySize
from tests.factories import PromisingItemFactory, SectorFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def summary_links(html: str) -> list[tuple[str, str]]:
    [summary] = re.findall(r"<div[^>]*data-error-summary[^>]*>(.*?)</div>", html, re.S)
    return re.findall(r'<a href="#([^"]*)" data-field="[^"]*"[^>]*>([^<]*)</a>', summary)


def test_it_lists_each_wrong_field_of_a_company_registration_with_a_link(client):
    client.force_login(UserFactory())
    batteries = SectorFactory(parent=SectorFactory())
    for _ in range(30):
        PromisingItemFactory(sector=batteries)
    response = client.post(
        reverse("companies:register"),
        {
            "business_number": "123-45-67890",
            "name_ko": "가온전지",
            "name_en": "Gaon Cell",
            "representative": "김민수",
            "size": CompanySize.SME,
            "region": KoreanRegion.CHUNGBUK,
            "sector": batteries.pk,
            "exports_to_china_last_year": "-5",
            "exports_to_china_this_year": "10",
            "employees": "3",
        },
    )
    html = response.content.decode()
    links = dict(summary_links(html))
    assert set(links) == {"id_business_number", "id_exports_to_china_last_year"}
    assert links["id_business_number"].startswith("Business registration number: ")
    # The summary comes before the form, and every link's target exists on the page.
    assert html.index("data-error-summary") < html.index('<form method="post"')
    for target in links:
        assert f'id="{target}"' in html
    # Nothing entered is lost.
    assert 'value="가온전지"' in html


def test_a_group_of_checkboxes_is_named_so_the_link_can_find_its_first_box(
    client, administrator, shanghai
):
    client.force_login(administrator)
    SectorFactory()
    response = client.post(
        reverse("desk:announcement_new"),
        {"center": shanghai.pk, "title": "", "body": "b", "sectors": ["999999"]},
    )
    html = response.content.decode()
    [summary] = re.findall(r"<div[^>]*data-error-summary[^>]*>(.*?)</div>", html, re.S)
    assert 'data-field="sectors"' in summary
    assert 'data-field="title"' in summary
    assert 'name="sectors"' in html


def test_a_page_without_a_failed_form_has_no_summary(client):
    client.force_login(UserFactory())
    response = client.get(reverse("companies:register"))
    assert "data-error-summary" not in response.content.decode()
