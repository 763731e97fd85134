"""The small things of issue 16, item 8, as a user meets them."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from applicants.validators import business_number_check_digit
from cases.models import CaseState
from desk.forms import field_label
from tests.factories import CaseFactory, CompanyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(shanghai):
    return CaseFactory(
        company=CompanyFactory(
            business_number="124811234" + str(business_number_check_digit("124811234")),
            name_en="Hanbit Battery Co., Ltd.",
        ),
        state=CaseState.SUBMITTED,
        center=shanghai,
        reference="FIN-2026-000901",
        submitted_at=timezone.now() - datetime.timedelta(days=1),
    )


def test_the_desk_finds_a_case_by_the_start_of_its_registration_number(client, official, case):
    client.force_login(official)
    html = client.get(reverse("desk:queue"), {"q": "124-81"}).content.decode()
    assert "FIN-2026-000901" in html
    html = client.get(reverse("desk:queue"), {"q": "999-81"}).content.decode()
    assert "FIN-2026-000901" not in html


def test_a_search_too_long_is_said_so_not_dropped(client, official, case):
    client.force_login(official)
    html = client.get(reverse("desk:queue"), {"q": "x" * 500}).content.decode()
    assert "data-error-summary" in html
    assert 'href="#id_q"' in html
    assert "at most 100 characters" in html


def test_a_field_s_label_keeps_its_unit_as_written():
    assert field_label("planned_exports_to_china").endswith("(US$)")


def test_the_bell_is_a_drawing_with_a_name_not_an_emoji(client, official):
    client.force_login(official)
    html = client.get(reverse("desk:queue")).content.decode()
    assert "&#128276;" not in html and "\U0001f514" not in html
    assert '<svg class="bell-icon"' in html
    assert "0 unread notifications" in html


def test_the_case_page_labels_the_company_s_name_as_such(client, official, case):
    client.cookies["django_language"] = "ko"
    client.force_login(official)
    with translation.override("en"):  # what the Korean request activates ends with the test
        html = client.get(reverse("desk:case", args=[case.pk])).content.decode()
    assert "기업명</dt>" in html
