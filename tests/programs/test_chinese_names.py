"""The catalog's Chinese names show on Chinese pages, and a catalog loaded before they
existed gets them from the migration."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from tests.factories import ProgramFactory, SectorFactory

fill = importlib.import_module("programs.migrations.0005_chinese_names").fill_chinese_names


def chinese_page(client, url):
    client.cookies["django_language"] = "zh-hans"
    return client.get(url).content.decode()


@pytest.fixture
def batteries(db):
    area = SectorFactory(
        code="new-industries", name_ko="신산업", name_en="New industries", name_zh="新兴产业"
    )
    return ProgramFactory(
        code="new-industry-financing",
        name_en="New-industry export financing",
        name_zh="新兴产业出口融资",
        description_en="Low-interest loans for exports to China.",
        description_zh="为对华出口提供低息贷款。",
        sectors=[area],
    )


def test_it_shows_a_program_by_its_chinese_name_and_description(client, batteries):
    page = chinese_page(client, reverse("portal:program", args=[batteries.code]))

    assert "新兴产业出口融资" in page
    assert "为对华出口提供低息贷款。" in page
    assert "新兴产业" in page
    assert "New-industry export financing" not in page
    assert "Low-interest loans" not in page


def test_it_shows_the_english_name_where_no_chinese_one_was_given(client, db):
    ProgramFactory(name_ko="한글 이름", name_en="Fair support", name_zh="")

    page = chinese_page(client, reverse("portal:catalog"))

    assert "Fair support" in page
    assert "한글 이름" not in page


def test_it_shows_the_support_centers_by_their_chinese_names(client, administrator, beijing):
    client.force_login(administrator)

    page = chinese_page(client, reverse("staffing:centers"))

    assert beijing.name_zh in page
    assert beijing.name_en not in page
    page = chinese_page(client, reverse("staffing:center", args=[beijing.pk]))
    assert "(北京)" in page  # its province, from the catalog of provinces


def test_the_migration_gives_the_loaded_catalog_its_chinese_names_and_keeps_typed_ones(db):
    SectorFactory(code="secondary-batteries", name_zh="")
    SectorFactory(code="steel", name_zh="钢材")
    program = ProgramFactory(code="reshoring-relocation", name_zh="", description_zh="")

    fill(apps, None)

    names = dict(apps.get_model("programs", "Sector").objects.values_list("code", "name_zh"))
    assert names == {"secondary-batteries": "二次电池", "steel": "钢材"}
    program.refresh_from_db()
    assert program.name_zh == "回流企业迁移支援"
    assert program.description_zh.startswith("分阶段支援企业")
