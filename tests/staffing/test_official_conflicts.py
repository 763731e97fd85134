"""Administrators read an official's declared conflicts of interest on their staffing page."""

from django.urls import reverse

from cases.conflicts import ConflictOfInterest
from centers.models import TradeOfficial
from tests.factories import CompanyFactory


def test_the_officials_page_lists_their_declared_conflicts(client, administrator, official):
    company = CompanyFactory(name_en="Gaon Cell Co., Ltd.", business_number="2208162517")
    ConflictOfInterest.objects.create(
        person=official, company=company, kind="stake", note="10 % since 2019"
    )
    client.force_login(administrator)

    page = client.get(
        reverse(
            "staffing:official_history",
            kwargs={"official_pk": TradeOfficial.objects.get(user=official).pk},
        )
    ).content.decode()

    assert "Declared conflicts of interest" in page
    assert "Gaon Cell Co., Ltd. (220-81-62517)" in page
    assert "Holds a stake in it" in page
    assert "10 % since 2019" in page
