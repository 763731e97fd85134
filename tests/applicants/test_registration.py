from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.roles import Role
from applicants.models import Company, CompanyMember, KoreanRegion
from programs.models import CompanySize
from tests.factories import CompanyFactory, PromisingItemFactory, SectorFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client):
    """A visitor who reads the desk in English, so the assertions do not depend on the .po."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def catalog():
    area = SectorFactory(code="new-industries", name_en="New industries")
    batteries = SectorFactory(
        code="secondary-batteries", name_en="Secondary batteries", parent=area
    )
    return {
        "batteries": batteries,
        "cells": PromisingItemFactory(
            code="lithium-ion-batteries", name_en="Lithium-ion batteries", sector=batteries
        ),
        "materials": PromisingItemFactory(
            code="battery-materials", name_en="Battery materials", sector=batteries
        ),
    }


@pytest.fixture
def newcomer(client):
    """A verified user who belongs to no company yet."""
    user = UserFactory(email="minsu.kim@exporter.example.com", full_name="김민수")
    client.force_login(user)
    return user


def registration(catalog, **fields):
    return {
        "business_number": "220-81-62517",
        "name_ko": "가온전지 주식회사",
        "name_en": "Gaon Cell Co., Ltd.",
        "representative": "김민수",
        "size": CompanySize.SME,
        "region": KoreanRegion.CHUNGBUK,
        "sector": catalog["batteries"].pk,
        "promising_items": [catalog["cells"].pk, catalog["materials"].pk],
        "other_hs_codes": "8507, 854232",
        "exports_to_china_last_year": "1250000.50",
        "exports_to_china_this_year": "310000",
        "employees": "48",
        "contact_email": "export@gaon.example.com",
        "contact_phone": "043-123-4567",
        **fields,
    }


def test_it_registers_a_company_with_its_creator_as_owner(client, catalog, newcomer):
    response = client.post(reverse("companies:register"), registration(catalog))

    company = Company.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("companies:detail", kwargs={"pk": company.pk})
    assert company.business_number == "2208162517"
    assert company.other_hs_codes == ["8507", "854232"]
    assert company.exports_to_china_last_year == Decimal("1250000.50")
    assert set(company.promising_items.all()) == {catalog["cells"], catalog["materials"]}
    [member] = company.members.all()
    assert (member.user, member.role) == (newcomer, CompanyMember.Role.OWNER)
    assert Role.COMPANY_MEMBER.value in type(newcomer).objects.get(pk=newcomer.pk).roles
    page = client.get(response.url).content.decode()
    assert "Gaon Cell Co., Ltd." in page
    assert "220-81-62517" in page


def test_it_accepts_ten_digits_without_dashes(client, catalog, newcomer):
    client.post(reverse("companies:register"), registration(catalog, business_number="2208162517"))

    assert Company.objects.get().business_number_display == "220-81-62517"


def test_it_shows_a_wrong_check_digit_and_keeps_everything_typed(client, catalog, newcomer):
    response = client.post(
        reverse("companies:register"), registration(catalog, business_number="220-81-62518")
    )

    assert response.status_code == 200
    assert not Company.objects.exists()
    page = response.content.decode()
    assert "The check digit does not match" in page
    assert 'value="220-81-62518"' in page
    assert 'value="Gaon Cell Co., Ltd."' in page
    assert 'value="8507, 854232"' in page
    assert 'value="1250000.50"' in page
    assert 'value="export@gaon.example.com"' in page
    assert page.count("checked") == 2  # both promising items stay ticked
    assert f'<option value="{catalog["batteries"].pk}" selected>' in page


def test_it_refuses_negative_exports_next_to_the_field(client, catalog, newcomer):
    response = client.post(
        reverse("companies:register"),
        registration(catalog, exports_to_china_this_year="-1"),
    )

    assert response.status_code == 200
    assert "exports_to_china_this_year" in response.context["form"].errors
    assert not Company.objects.exists()


def test_it_offers_to_ask_to_join_when_the_number_is_taken(client, catalog, newcomer):
    CompanyFactory(business_number="2208162517")

    response = client.post(reverse("companies:register"), registration(catalog))

    assert response.status_code == 200
    page = response.content.decode()
    assert "This company is already registered — ask its owner to invite you" in page
    join = reverse("companies:join") + "?business_number=2208162517"
    assert f'href="{join}"' in page
    assert Company.objects.count() == 1
    assert 'value="2208162517"' in client.get(join).content.decode()


def test_it_groups_the_sectors_by_area_and_the_items_by_sector(client, catalog, newcomer):
    page = client.get(reverse("companies:register")).content.decode()

    assert '<optgroup label="New industries">' in page
    assert "Secondary batteries" in page
    assert "Lithium-ion batteries" in page


def test_it_lets_a_user_belong_to_several_companies(client, catalog, newcomer):
    client.post(reverse("companies:register"), registration(catalog))
    client.post(
        reverse("companies:register"),
        registration(catalog, business_number="124-81-00998", name_en="Second Co."),
    )

    assert Company.objects.of_member(newcomer).count() == 2
    page = client.get(reverse("companies:list")).content.decode()
    assert "Gaon Cell Co., Ltd." in page
    assert "Second Co." in page


def test_it_asks_an_unverified_user_to_confirm_their_address_first(client, catalog):
    client.force_login(UserFactory(unverified=True))

    response = client.post(reverse("companies:register"), registration(catalog))

    assert response.status_code == 302
    assert response.url == reverse("accounts:verification_required")
    assert not Company.objects.exists()


def test_the_owner_edits_the_profile_but_not_the_business_number(client, applicant, catalog):
    company = applicant.company_memberships.get().company
    number = company.business_number
    client.force_login(applicant)

    response = client.post(
        reverse("companies:edit", kwargs={"pk": company.pk}),
        registration(catalog, business_number="2208162517", employees="120"),
    )

    assert response.status_code == 302
    company.refresh_from_db()
    assert company.employees == 120
    assert company.business_number == number
    assert (
        "business_number"
        not in client.get(reverse("companies:edit", kwargs={"pk": company.pk}))
        .context["form"]
        .fields
    )


def test_a_member_who_is_not_the_owner_cannot_edit_the_profile(client, applicant):
    company = applicant.company_memberships.get().company
    member = UserFactory()
    CompanyMember.objects.create(company=company, user=member)
    client.force_login(member)

    assert client.get(reverse("companies:detail", kwargs={"pk": company.pk})).status_code == 200
    assert client.get(reverse("companies:edit", kwargs={"pk": company.pk})).status_code == 403
