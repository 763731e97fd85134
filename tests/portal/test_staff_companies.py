"""Staff accounts and companies: with STAFF_MAY_REGISTER_COMPANIES off (the default), trade
officials and administrators neither register nor join a company, and are told why."""

import pytest
from django.urls import reverse

from applicants import services
from applicants.models import Company, CompanyMember, JoinRequest
from programs.models import CompanySize
from tests.factories import CompanyFactory, CompanyInvitationFactory, SectorFactory

pytestmark = pytest.mark.django_db

REFUSAL = "Staff accounts (trade officials and administrators) cannot register or join a company."


def registration():
    return {
        "business_number": "220-81-62517",
        "name_ko": "가온전지 주식회사",
        "name_en": "Gaon Cell Co., Ltd.",
        "representative": "김민수",
        "size": CompanySize.SME,
        "region": "chungbuk",
        "sector": SectorFactory(code="secondary-batteries").pk,
        "exports_to_china_last_year": "0",
        "exports_to_china_this_year": "0",
        "employees": "12",
    }


def test_the_setting_is_off_unless_the_environment_turns_it_on():
    import config.settings as project

    assert project.STAFF_MAY_REGISTER_COMPANIES is False


@pytest.mark.parametrize("who", ["official", "administrator"])
def test_a_staff_account_cannot_register_a_company(client, request, who):
    client.force_login(request.getfixturevalue(who))

    shown = client.get(reverse("companies:register"))
    sent = client.post(reverse("companies:register"), registration())

    assert shown.status_code == sent.status_code == 403
    assert REFUSAL in shown.content.decode()
    assert not Company.objects.exists()


def test_the_service_refuses_too(official):
    with pytest.raises(services.MembershipRefused):
        services.company_register(by=official, business_number="2208162517")


def test_a_staff_account_cannot_ask_to_join_a_company(client, official):
    company = CompanyFactory()
    client.force_login(official)

    response = client.post(
        reverse("companies:join"), {"business_number": company.business_number, "message": ""}
    )

    assert response.status_code == 403
    assert REFUSAL in response.content.decode()
    assert not JoinRequest.objects.exists()


def test_a_staff_account_cannot_accept_an_invitation(client, official):
    invitation = CompanyInvitationFactory(email=official.email)
    client.force_login(official)

    page = client.get(reverse("companies:invitation", args=[invitation.token]))
    client.post(reverse("companies:invitation", args=[invitation.token]))

    assert REFUSAL in page.content.decode()
    assert not CompanyMember.objects.filter(user=official).exists()


def test_with_the_setting_on_an_official_may_register_a_company(client, settings, official):
    settings.STAFF_MAY_REGISTER_COMPANIES = True
    client.force_login(official)

    response = client.post(reverse("companies:register"), registration())

    assert response.status_code == 302
    assert Company.objects.get().members.get().user == official
