"""Error pages in the site's layout and language, saying what happened and where to go; a
GET on a POST-only address goes back to a page (issue 16, item 3)."""

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from django.views.defaults import server_error

from tests.factories import ProgramFactory

pytestmark = pytest.mark.django_db


def test_a_company_user_on_the_desk_reads_a_korean_403_with_the_way_on(client, applicant):
    client.force_login(applicant)
    response = client.get(reverse("desk:queue"))
    html = response.content.decode()
    assert response.status_code == 403
    assert '<html lang="ko">' in html
    with translation.override("ko"):
        assert translation.gettext("This page is not for your account") in html
        assert translation.gettext("Where to go from here") in html
    assert "Forbidden" not in html
    assert f'href="{reverse("portal:my_cases")}"' in html
    assert 'aria-label="' in html and "navbar" in html  # the site's navigation


def test_an_unknown_address_reads_an_english_404_in_the_layout(client, applicant):
    client.cookies["django_language"] = "en"
    client.force_login(applicant)
    response = client.get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Page not found" in html
    assert "navbar" in html
    assert f'href="{reverse("portal:my_cases")}"' in html


def test_the_500_page_renders_in_the_layout_without_the_request_s_context():
    with translation.override("ko"):
        response = server_error(RequestFactory().get("/"))
        title = translation.gettext("Something went wrong on our side")
    html = response.content.decode()
    assert response.status_code == 500
    assert title in html
    assert "navbar" in html


def test_a_bookmarked_apply_goes_back_to_the_program_with_a_word(client, applicant):
    client.cookies["django_language"] = "en"
    program = ProgramFactory(code="battery-export-loan")
    client.force_login(applicant)
    response = client.get(reverse("portal:apply", args=[program.code]), follow=True)
    assert response.redirect_chain == [(reverse("portal:program", args=[program.code]), 302)]
    assert "opening it changed nothing" in response.content.decode()


def test_a_get_on_a_post_only_address_goes_back_to_the_page_it_came_from(client, applicant):
    program = ProgramFactory(code="battery-export-loan")
    client.force_login(applicant)
    url = reverse("portal:apply", args=[program.code])
    response = client.get(url, headers={"referer": "http://testserver/cases/"})
    assert response.url == "http://testserver/cases/"
    # Another site's address is not followed.
    response = client.get(url, headers={"referer": "https://evil.example/"})
    assert response.url == reverse("portal:program", args=[program.code])


def test_a_get_on_log_out_goes_to_the_start_page(client, applicant):
    client.force_login(applicant)
    response = client.get(reverse("accounts:logout"))
    assert response.status_code == 302
    assert response.url == "/"
    assert client.get("/").context["user"] == applicant  # still signed in
