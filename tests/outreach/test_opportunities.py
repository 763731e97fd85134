"""Opportunities: published by a center, sent through the broadcast to exactly the companies
of their sector, items or province, and taken up by companies, each once."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.errors import CaseError
from notifications.models import Notification
from outreach import opportunities
from outreach.models import Interest
from tests.factories import (
    CaseFactory,
    CompanyFactory,
    CompanyMemberFactory,
    PromisingItemFactory,
    SectorFactory,
)


@pytest.fixture
def market(db):
    """Five companies: one per way of matching a fair in Jiangsu for the new industries (an
    area, which covers its industries), and one that matches none of them."""
    area = SectorFactory(code="new-industries")
    batteries = SectorFactory(code="secondary-batteries", parent=area)
    cosmetics = SectorFactory(code="cosmetics")
    cells = PromisingItemFactory(code="battery-cells")
    same_sector = CompanyFactory(sector=batteries, name_en="Same sector")
    same_area = CompanyFactory(sector=SectorFactory(code="ev", parent=area), name_en="Same area")
    exports_item = CompanyFactory(sector=cosmetics, name_en="Exports the item")
    exports_item.promising_items.add(cells)
    aims_at_province = CompanyFactory(sector=cosmetics, name_en="Aims at Jiangsu")
    CaseFactory(company=aims_at_province, target_province="CN-JS")
    none = CompanyFactory(sector=cosmetics, name_en="None")
    CaseFactory(company=none, target_province="CN-GD")
    companies = {
        "sector": same_sector,
        "area": same_area,
        "item": exports_item,
        "province": aims_at_province,
        "none": none,
    }
    members = {
        name: [CompanyMemberFactory(company=c).user for _ in range(2)]
        for name, c in companies.items()
    }
    return {"companies": companies, "members": members, "sector": area, "item": cells}


def publish(official, center, market, **kwargs):
    return opportunities.opportunity_publish(
        center=center,
        by=official,
        kind="fair",
        title="Jiangsu battery fair",
        description="Stands for ten Korean makers.",
        province="CN-JS",
        deadline=timezone.localdate() + datetime.timedelta(days=30),
        sectors=kwargs.get("sectors", [market["sector"]]),
        items=kwargs.get("items", [market["item"]]),
    )


def test_it_reaches_exactly_the_matching_companies_once_each(
    official, shanghai, market, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        opportunity = publish(official, shanghai, market)

    notified = set(
        Notification.objects.filter(dedupe_key=f"opportunity:{opportunity.pk}").values_list(
            "recipient_id", flat=True
        )
    )
    expected = {
        user.pk for name, users in market["members"].items() if name != "none" for user in users
    }
    assert notified == expected
    opportunity.refresh_from_db()
    assert opportunity.recipients == len(expected) == 8
    # A second run (the sweep's) tells nobody twice.
    assert opportunities.fan_out(opportunity.pk) == 0


def test_the_company_finds_it_among_its_opportunities_and_others_get_404(
    client, official, shanghai, market
):
    opportunity = publish(official, shanghai, market)
    reader = market["members"]["province"][0]
    client.force_login(reader)
    assert "Jiangsu battery fair" in client.get(reverse("portal:opportunities")).content.decode()
    assert client.get(reverse("portal:opportunity", args=[opportunity.pk])).status_code == 200

    outsider = market["members"]["none"][0]
    client.force_login(outsider)
    assert (
        "Jiangsu battery fair" not in client.get(reverse("portal:opportunities")).content.decode()
    )
    assert client.get(reverse("portal:opportunity", args=[opportunity.pk])).status_code == 404


def test_expressing_interest_twice_records_it_once(client, official, shanghai, market):
    opportunity = publish(official, shanghai, market)
    company = market["companies"]["item"]
    first, second = market["members"]["item"]
    client.force_login(first)
    url = reverse("portal:opportunity", args=[opportunity.pk])
    data = {"company": company.pk, "message": "We make LFP cells."}
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302  # a double click
    _interest, created = opportunities.interest_express(
        opportunity=opportunity, company=company, by=second, message="Us too."
    )
    assert created is False
    interest = Interest.objects.get()
    assert interest.message == "We make LFP cells."
    assert Notification.objects.filter(kind="interest_received", recipient=official).count() == 1


def test_both_sides_see_the_status_the_center_sets(client, official, shanghai, market):
    opportunity = publish(official, shanghai, market)
    member = market["members"]["sector"][0]
    interest, _created = opportunities.interest_express(
        opportunity=opportunity, company=market["companies"]["sector"], by=member, message="Hi"
    )
    client.force_login(official)
    response = client.post(
        reverse("desk:interest_status", args=[opportunity.pk, interest.pk]),
        {"status": "meeting"},
    )
    assert response.status_code == 302
    desk = client.get(reverse("desk:opportunity", args=[opportunity.pk])).content.decode()
    assert '<option value="meeting" selected>' in desk

    client.force_login(member)
    page = client.get(reverse("portal:opportunity", args=[opportunity.pk])).content.decode()
    assert "Meeting held" in page
    assert Notification.objects.filter(kind="interest_status", recipient=member).exists()


def test_a_company_that_does_not_match_cannot_express_interest(official, shanghai, market):
    opportunity = publish(official, shanghai, market)
    with pytest.raises(CaseError):
        opportunities.interest_express(
            opportunity=opportunity,
            company=market["companies"]["none"],
            by=market["members"]["none"][0],
            message="Let us in.",
        )


def test_an_official_of_another_center_cannot_publish_for_it(beijing_official, shanghai, market):
    with pytest.raises(CaseError):
        publish(beijing_official, shanghai, market)


@pytest.mark.parametrize("count", [2, 40])
def test_the_pages_run_the_same_queries_for_2_and_for_40(
    client, official, shanghai, market, django_assert_max_num_queries, count
):
    for n in range(count):
        opportunity = publish(official, shanghai, market)
        member = market["members"]["sector"][n % 2]
        if n % 2 == 0:
            opportunities.interest_express(
                opportunity=opportunity,
                company=market["companies"]["sector"],
                by=member,
                message=f"Interested {n}",
            )
    client.force_login(official)
    with django_assert_max_num_queries(10):
        client.get(reverse("desk:opportunities"))
    client.force_login(market["members"]["sector"][0])
    with django_assert_max_num_queries(6):
        response = client.get(reverse("portal:opportunities"))
    assert response.content.decode().count("data-opportunity=") == count


def test_an_announcement_is_an_opportunity_for_its_sectors_or_for_everyone(
    client, lead, beijing, market
):
    from outreach import services as announcements

    for_all = announcements.announcement_post(
        center=beijing, by=lead, title="Office closed on 1 October", body="Back on 8.", sectors=[]
    )
    for_cosmetics = announcements.announcement_post(
        center=beijing,
        by=lead,
        title="Beauty buyers in Chengdu",
        body="Register.",
        sectors=[market["companies"]["none"].sector],
    )
    client.force_login(market["members"]["sector"][0])
    page = client.get(reverse("portal:opportunities")).content.decode()
    assert for_all.title in page
    assert for_cosmetics.title not in page
    client.force_login(market["members"]["none"][0])
    page = client.get(reverse("portal:opportunity", args=[for_cosmetics.pk])).content.decode()
    assert "Register." in page
