import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db.models import F

from programs.forms import PromisingItemAdminForm
from programs.models import Program, validate_hs_prefixes
from tests.factories import ProgramFactory, SectorFactory


def test_the_database_refuses_to_commit_more_than_the_budget(db):
    program = ProgramFactory(budget=100_000_000)

    with pytest.raises(IntegrityError):
        Program.objects.filter(pk=program.pk).update(committed=F("budget") + 1)


def test_the_database_refuses_a_negative_committed_amount(db):
    program = ProgramFactory()

    with pytest.raises(IntegrityError):
        Program.objects.filter(pk=program.pk).update(committed=-1)


def test_the_database_refuses_a_window_that_closes_before_it_opens(db):
    program = ProgramFactory()

    with pytest.raises(IntegrityError):
        Program.objects.filter(pk=program.pk).update(closes_at=F("opens_at"))


def test_the_database_refuses_a_minimum_above_the_maximum(db):
    with pytest.raises(IntegrityError):
        ProgramFactory(min_amount=200, max_amount=100)


def test_a_program_form_error_names_the_field(db):
    program = ProgramFactory.build(min_amount=200, max_amount=100, company_sizes=["huge"])

    with pytest.raises(ValidationError) as error:
        program.clean()

    assert "company_sizes" in error.value.message_dict


@pytest.mark.parametrize("value", [[], ["85a7"], ["8"], ["85071234567"], "8507"])
def test_it_refuses_what_is_not_a_list_of_hs_prefixes(value):
    with pytest.raises(ValidationError):
        validate_hs_prefixes(value)


def test_administrators_type_hs_prefixes_as_text(db):
    form = PromisingItemAdminForm(
        data={
            "code": "memory",
            "name_ko": "메모리",
            "name_en": "Memory",
            "sector": SectorFactory().pk,
            "hs_prefixes": "8542.32, 854239 ;8486",
        }
    )

    assert form.is_valid(), form.errors
    assert form.save().hs_prefixes == ["854232", "854239", "8486"]


def test_a_wrong_hs_prefix_is_named_in_the_error(db):
    form = PromisingItemAdminForm(
        data={"code": "x", "name_ko": "x", "name_en": "x", "sector": SectorFactory().pk,
              "hs_prefixes": "8507, 85O7"}
    )  # fmt: skip

    assert not form.is_valid()
    assert "85O7" in form.errors["hs_prefixes"][0]
