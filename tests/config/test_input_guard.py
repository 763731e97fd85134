"""Input no page can take is refused with a 400 page before any page sees it, and the
parsers of what remains (ids, the desk's cursors) answer a 404 or ignore it; never a 500.
tests/config/test_hostile_input.py sends such values to every URL; these are the rules."""

import base64
import json

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter

from cases.models import CaseState
from tests.factories import CaseFactory, CompanyInvitationFactory, ProgramFactory


@pytest.fixture(autouse=True)
def english(client):
    client.cookies["django_language"] = "en"


@pytest.fixture
def draft(applicant):
    company = applicant.company_memberships.get().company
    return CaseFactory(company=company, program=ProgramFactory(), created_by=applicant)


def cursor(*key) -> str:
    return base64.urlsafe_b64encode(json.dumps(key).encode()).decode().rstrip("=")


def test_a_nul_in_the_address_gets_the_400_page_in_the_sites_layout(client, applicant):
    CompanyInvitationFactory(token="abc")
    client.force_login(applicant)

    response = client.get("/companies/invitations/%00/")

    assert response.status_code == 400
    page = response.content.decode()
    assert "The request could not be read" in page
    assert "China Export Support Desk" in page  # the site's layout, not a bare line


def test_the_400_page_speaks_korean(client):
    client.cookies["django_language"] = "ko"

    response = client.get("/companies/invitations/%00/")

    assert response.status_code == 400
    assert "요청을 읽을 수 없습니다" in response.content.decode()


@pytest.mark.parametrize("value", ["a\x00b", "\x1b[31m", "\x7f", "\x08"])
def test_a_control_character_in_a_query_value_is_refused(client, official, value):
    client.force_login(official)

    assert client.get(reverse("desk:queue"), {"q": value}).status_code == 400


@pytest.mark.parametrize("value", ["line\tone", "line one\r\nline two"])
def test_tabs_and_line_breaks_in_a_search_are_not_refused(client, official, value):
    client.force_login(official)

    assert client.get(reverse("desk:queue"), {"q": value}).status_code == 200


def test_an_address_longer_than_any_of_ours_is_refused_not_redirected(client):
    response = client.get(reverse("portal:my_cases"), {"q": "x" * 5000})

    assert response.status_code == 400  # not a log-in redirect that cannot be made


def test_a_nul_in_a_posted_field_is_refused_and_nothing_is_saved(client, applicant, draft):
    client.force_login(applicant)

    response = client.post(
        reverse("portal:edit", args=[draft.pk]), {"purpose": "Open\x00 a channel", "intent": "save"}
    )

    assert response.status_code == 400
    draft.refresh_from_db()
    assert draft.purpose == ""


def test_line_breaks_and_tabs_in_a_text_area_are_kept(client, applicant, draft):
    client.force_login(applicant)

    response = client.post(
        reverse("portal:edit", args=[draft.pk]),
        {"purpose": "First line\r\n\tindented", "intent": "save"},
    )

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.purpose == "First line\r\n\tindented"


def test_an_id_no_database_holds_is_not_found(client, applicant):
    client.force_login(applicant)

    for url in ("/companies/99999999999999999999/", "/cases/99999999999999999999/"):
        assert client.get(url).status_code == 404, url


def test_every_id_in_an_address_is_bounded():
    """`<int:…>` takes any number of digits; `<id:…>` stops where a database id does."""

    def patterns(entries):
        for entry in entries:
            if isinstance(entry, URLResolver):
                if entry.namespace != "admin":  # Django's own admin reads its ids as text
                    yield from patterns(entry.url_patterns)
            elif isinstance(entry, URLPattern):
                yield entry

    unbounded = [
        str(p.pattern)
        for p in patterns(get_resolver().url_patterns)
        if any(type(c) is IntConverter for c in getattr(p.pattern, "converters", {}).values())
    ]
    assert unbounded == []


@pytest.mark.parametrize(
    "after",
    [
        cursor(1, "0001-01-01T00:00:00-23:59", 1),
        cursor(1, "0001-01-01T00:00:00+23:59", 1),
        cursor(1, "9999-12-31T23:59:59-23:59", 1),
        cursor(1, "0001-01-01T00:00:00", 1),  # no offset: read in Seoul, before year 1
        cursor(10**20, "2026-01-01T00:00:00+09:00", 1),
        cursor(1, "2026-01-01T00:00:00+09:00", 10**20),
        cursor(1.5, "2026-01-01T00:00:00+09:00", True),
        cursor([1], {"a": 1}, None),
        base64.urlsafe_b64encode(b"[" * 2000).decode(),
        "0001-01-01T00:00:00-23:59",
    ],
)
def test_a_desk_cursor_the_desk_did_not_make_shows_the_first_page(
    client, official, shanghai, after
):
    case = CaseFactory(
        state=CaseState.SUBMITTED,
        center=shanghai,
        reference="FIN-2026-000001",
        submitted_at="2026-01-05T09:00:00+09:00",
    )
    client.force_login(official)

    after_it = client.get(reverse("desk:queue"), {"after": after})
    before_it = client.get(reverse("desk:queue"), {"before": after})

    assert after_it.status_code == before_it.status_code == 200
    assert case.reference in after_it.content.decode()
