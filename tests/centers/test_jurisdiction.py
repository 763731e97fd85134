import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import translation

from centers import services
from centers.forms import SupportCenterForm
from centers.models import CenterProvince, SupportCenter
from tests.factories import SupportCenterFactory


@pytest.fixture
def shanghai_covers_the_east(shanghai):
    services.center_set_jurisdiction(center=shanghai, provinces=["CN-SH", "CN-JS", "CN-ZJ"])
    return shanghai


def test_an_open_centers_jurisdiction_is_in_force(shanghai_covers_the_east):
    assert set(
        CenterProvince.objects.filter(is_active=True).values_list("province", flat=True)
    ) == {"CN-SH", "CN-JS", "CN-ZJ"}


def test_an_overlap_with_another_open_center_is_refused_naming_it(shanghai_covers_the_east):
    hangzhou = SupportCenterFactory(code="hangzhou", name_en="Hangzhou Center")

    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.center_set_jurisdiction(center=hangzhou, provinces=["CN-ZJ", "CN-FJ"])

    assert error.value.messages == [
        "Zhejiang is already covered by Shanghai Export Support Center."
    ]
    assert not hangzhou.jurisdiction.exists()


def test_the_database_refuses_an_overlap_that_slips_past_the_check(shanghai_covers_the_east):
    hangzhou = SupportCenterFactory(code="hangzhou")

    with pytest.raises(IntegrityError):
        CenterProvince.objects.create(center=hangzhou, province="CN-ZJ", is_active=True)


def test_a_planned_center_may_prepare_an_overlapping_jurisdiction(shanghai_covers_the_east):
    hangzhou = SupportCenterFactory(code="hangzhou", status=SupportCenter.Status.PLANNED)

    services.center_set_jurisdiction(center=hangzhou, provinces=["CN-ZJ"])

    assert hangzhou.jurisdiction.get().is_active is False
    with pytest.raises(ValidationError):
        services.center_set_status(center=hangzhou, status=SupportCenter.Status.OPEN)
    hangzhou.refresh_from_db()
    assert hangzhou.status == SupportCenter.Status.PLANNED


def test_closing_a_center_frees_its_provinces(shanghai_covers_the_east):
    services.center_set_status(center=shanghai_covers_the_east, status=SupportCenter.Status.CLOSED)
    hangzhou = SupportCenterFactory(code="hangzhou")

    services.center_set_jurisdiction(center=hangzhou, provinces=["CN-ZJ"])

    assert hangzhou.jurisdiction.get().is_active is True
    shanghai_covers_the_east.refresh_from_db()
    assert shanghai_covers_the_east.closed_on is not None


def test_the_admin_form_names_the_other_center_next_to_the_field(shanghai_covers_the_east):
    form = SupportCenterForm(
        data={
            "code": "hangzhou", "name_ko": "항저우", "name_en": "Hangzhou", "name_zh": "杭州",
            "city": "Hangzhou", "province": "CN-ZJ", "status": "open",
            "provinces": ["CN-ZJ"],
        }
    )  # fmt: skip

    with translation.override("en"):
        assert not form.is_valid()
        assert form.errors["provinces"] == [
            "Zhejiang is already covered by Shanghai Export Support Center."
        ]
