"""Long choice lists grouped by area and sorted by name in the page's language; an
application offers the program's own items first (issue 16, item 5)."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from cases import services
from tests.factories import (
    CompanyMemberFactory,
    ProgramFactory,
    PromisingItemFactory,
    SectorFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog():
    new = SectorFactory(code="new-industries", name_ko="신산업", name_en="New industries")
    consumer = SectorFactory(code="consumer-goods", name_ko="소비재", name_en="Consumer goods")
    batteries = SectorFactory(
        code="batteries", name_ko="이차전지", name_en="Secondary batteries", parent=new
    )
    chips = SectorFactory(code="chips", name_ko="반도체", name_en="Semiconductors", parent=new)
    food = SectorFactory(code="food", name_ko="식품", name_en="Food", parent=consumer)
    items = {
        "cells": PromisingItemFactory(
            code="a-cells", name_ko="리튬이온 전지", name_en="Lithium-ion cells", sector=batteries
        ),
        "anodes": PromisingItemFactory(
            code="b-anodes", name_ko="음극재", name_en="Anode materials", sector=batteries
        ),
        "memory": PromisingItemFactory(
            code="c-memory", name_ko="고부가 메모리", name_en="High-value memory", sector=chips
        ),
        "noodles": PromisingItemFactory(
            code="d-noodles", name_ko="라면", name_en="Instant noodles", sector=food
        ),
        "laver": PromisingItemFactory(code="e-laver", name_ko="김", name_en="Laver", sector=food),
    }
    return {"batteries": batteries, **items}


def groups(html: str, select_id: str) -> list[tuple[str, list[str]]]:
    """The optgroups of a select, or the fieldsets' legends of a group of checkboxes."""
    [select] = re.findall(rf'<select[^>]*id="{select_id}"[^>]*>(.*?)</select>', html, re.S)
    return [
        (label, re.findall(r"<option[^>]*>([^<]*)</option>", body))
        for label, body in re.findall(r'<optgroup label="([^"]*)">(.*?)</optgroup>', select, re.S)
    ]


def test_the_desk_s_sector_filter_groups_industries_under_their_area_by_name(
    client, official, catalog
):
    client.force_login(official)
    with translation.override("en"):
        client.cookies["django_language"] = "en"
        html = client.get(reverse("desk:queue")).content.decode()
    assert groups(html, "id_sector") == [
        ("Consumer goods", ["All of Consumer goods", "Food"]),
        ("New industries", ["All of New industries", "Secondary batteries", "Semiconductors"]),
    ]
    assert [label for label, _options in groups(html, "id_item")] == [
        "Consumer goods",
        "New industries",
    ]
    assert groups(html, "id_item")[0][1] == ["Instant noodles", "Laver"]


def test_a_battery_application_offers_battery_items_first_sorted_in_korean(client, catalog):
    member = CompanyMemberFactory(company__sector=catalog["batteries"])
    program = ProgramFactory(sectors=[catalog["batteries"]])
    draft = services.case_start(company=member.company, program=program, by=member.user)
    client.force_login(member.user)
    client.cookies["django_language"] = "ko"
    with translation.override("en"):
        html = client.get(reverse("portal:edit", args=[draft.pk])).content.decode()
    labels = re.findall(
        r'<label[^>]*for="id_export_items_[0-9_]+"[^>]*>\s*([^<]*?)\s*</label>', html
    )
    # The program's items first, then each area's (consumer goods, new industries), by name.
    assert labels == ["리튬이온 전지", "음극재", "김", "라면", "고부가 메모리"]
    with translation.override("ko"):
        assert html.index("이 사업이 지원하는 품목") < html.index("음극재")
