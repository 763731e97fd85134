import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from applicants.models import CompanyMember
from programs.models import Program
from tests.factories import (
    CompanyMemberFactory,
    DocumentTypeFactory,
    ProgramFactory,
    SectorFactory,
)


@pytest.fixture
def catalog(applicant):
    batteries = applicant.company_memberships.get().company.sector
    steel = SectorFactory(code="steel", name_en="Steel")
    now = timezone.now()
    return {
        "battery_loan": ProgramFactory(
            code="battery-loan", name_en="Battery export loan", sectors=[batteries]
        ),
        "steel_fair": ProgramFactory(
            code="steel-fair",
            name_en="Steel trade fair",
            kind=Program.Kind.INCENTIVE,
            sectors=[steel],
        ),
        "closed": ProgramFactory(
            code="spring-fair",
            name_en="Spring fair",
            kind=Program.Kind.INCENTIVE,
            opens_at=now - datetime.timedelta(days=90),
            closes_at=now - datetime.timedelta(days=60),
        ),
        "draft": ProgramFactory(code="draft", name_en="Unpublished draft", is_published=False),
    }


def page(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def test_it_lists_the_published_programs_open_ones_first(client, catalog):
    html = page(client, reverse("portal:catalog"))

    assert html.index("Battery export loan") < html.index("Spring fair")
    assert "Steel trade fair" in html
    assert "Unpublished draft" not in html


def test_it_filters_by_kind(client, catalog):
    html = page(client, reverse("portal:catalog"), kind="incentive")

    assert "Steel trade fair" in html and "Spring fair" in html
    assert "Battery export loan" not in html


def test_it_filters_by_sector_including_programs_for_every_sector(client, catalog):
    html = page(client, reverse("portal:catalog"), sector=catalog["steel_fair"].sectors.get().pk)

    assert "Steel trade fair" in html
    assert "Spring fair" in html  # it serves every sector
    assert "Battery export loan" not in html


def test_it_filters_the_programs_open_now(client, catalog):
    html = page(client, reverse("portal:catalog"), open_now="on")

    assert "Battery export loan" in html
    assert "Spring fair" not in html


def test_it_explains_an_unknown_filter_value_instead_of_failing(client, catalog):
    response = client.get(reverse("portal:catalog"), {"kind": "lottery"})

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_it_tells_a_company_member_where_they_qualify_and_why_not(client, applicant, catalog):
    client.force_login(applicant)

    html = page(client, reverse("portal:catalog"))

    assert "Hanbit Battery Co., Ltd. qualifies for this program." in html
    assert "is not covered by this program." in html
    assert "Applications closed on" in html


def test_it_shows_the_details_and_the_reasons_on_the_program_page(client, applicant, catalog):
    program = catalog["steel_fair"]
    program.required_documents.set([DocumentTypeFactory(name_en="Marketing plan")])
    client.force_login(applicant)

    html = page(client, reverse("portal:program", args=[program.code]))

    assert "Steel trade fair" in html
    assert "Marketing plan" in html
    assert "Your sector, Sector" in html or "is not covered by this program." in html
    assert "Hanbit Battery Co., Ltd. cannot apply yet:" in html


def test_it_invites_anonymous_visitors_to_log_in_on_the_program_page(client, catalog):
    html = page(client, reverse("portal:program", args=["battery-loan"]))

    assert reverse("accounts:login") + "?next=/programs/battery-loan/" in html


def test_an_unpublished_program_is_not_found(client, administrator, catalog):
    client.force_login(administrator)

    response = client.get(reverse("portal:program", args=["draft"]))

    assert response.status_code == 404


@pytest.mark.parametrize("programs", [3, 30])
def test_the_catalog_runs_a_constant_number_of_queries(
    client, applicant, django_assert_max_num_queries, programs
):
    documents = [DocumentTypeFactory(), DocumentTypeFactory()]
    own_sector = applicant.company_memberships.get().company.sector
    sectors = [own_sector, SectorFactory(parent=SectorFactory())]
    for _ in range(programs):
        ProgramFactory(sectors=sectors, required_documents=documents)
    for _ in range(3):
        CompanyMemberFactory(user=applicant, role=CompanyMember.Role.MEMBER)
    client.force_login(applicant)

    with django_assert_max_num_queries(12):
        html = page(client, reverse("portal:catalog"))

    assert html.count("Hanbit Battery Co., Ltd. qualifies for this program.") == programs
    assert html.count("cannot apply yet:") == programs * 3


def test_filtering_by_an_area_shows_programs_for_its_industries(client, catalog, applicant):
    batteries = applicant.company_memberships.get().company.sector
    area = SectorFactory(code="new-industries")
    batteries.parent = area
    batteries.save()

    html = page(client, reverse("portal:catalog"), sector=area.pk)

    assert "Battery export loan" in html
    assert "Steel trade fair" not in html
