import pytest
from django.urls import reverse

from tests.factories import CompanyMemberFactory, SectorFactory, StaffAssignmentFactory


@pytest.fixture
def sectors(db):
    batteries = SectorFactory(code="new-industries", name_en="New industries", is_focus=True)
    SectorFactory(code="secondary-batteries", name_en="Secondary batteries", parent=batteries)
    steel_area = SectorFactory(code="established", name_en="Established industries", is_focus=False)
    SectorFactory(code="steel", name_en="Steel", parent=steel_area, is_focus=False)


def get_home(client, user=None):
    if user is not None:
        client.force_login(user)
    return client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_it_shows_the_focus_areas_and_not_the_others(client, sectors):
    client.cookies["django_language"] = "en"
    page = get_home(client)

    assert "New industries" in page
    assert "Secondary batteries" in page
    assert "Established industries" not in page
    assert reverse("accounts:login") in page
    assert reverse("admin:index") not in page


def test_it_shows_a_company_member_their_own_companies_only(client, applicant, other_applicant):
    client.cookies["django_language"] = "en"
    page = get_home(client, applicant)

    assert "Hanbit Battery Co., Ltd." in page
    assert "Seohae Cosmetics Inc." not in page
    assert reverse("admin:index") not in page


def test_it_shows_an_official_their_current_center(client, official):
    client.cookies["django_language"] = "en"
    page = get_home(client, official)

    assert "Shanghai Export Support Center" in page
    assert "Trade officer" in page


def test_it_tells_an_official_without_a_center_so(client, official):
    official.trade_official.assignments.update(starts_on="2025-01-01", ends_on="2025-12-31")
    client.cookies["django_language"] = "en"

    page = get_home(client, official)

    assert "You are not assigned to a center at the moment." in page


def test_it_shows_administrators_the_centers_and_the_administration(
    client, administrator, official, lead
):
    client.cookies["django_language"] = "en"
    page = get_home(client, administrator)

    assert "Beijing Export Support Center" in page
    assert "Shanghai Export Support Center" in page
    assert reverse("admin:index") in page


def test_it_runs_a_constant_number_of_queries_for_administrators(
    client, administrator, django_assert_max_num_queries
):
    for index in range(30):
        center = StaffAssignmentFactory(center__code=f"c{index}").center
        StaffAssignmentFactory(center=center, role="lead")
        CompanyMemberFactory()
    client.force_login(administrator)

    # One of them reads the session's second-factor device.
    with django_assert_max_num_queries(9):
        response = client.get(reverse("home"))

    assert response.status_code == 200
    assert response.content.decode().count("<tr>") == 31  # the header and 30 centers


def test_it_runs_a_constant_number_of_queries_for_company_members(
    client, applicant, django_assert_max_num_queries
):
    for _ in range(20):
        CompanyMemberFactory(user=applicant)
    client.force_login(applicant)

    with django_assert_max_num_queries(8):
        response = client.get(reverse("home"))

    assert response.status_code == 200
