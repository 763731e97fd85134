import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from applicants.validators import (
    business_number_check_digit,
    format_business_number,
    normalize_business_number,
    validate_business_number,
)
from tests.factories import CompanyFactory


@pytest.mark.parametrize("number", ["220-81-62517", "1248100998", " 124-81-00998 "])
def test_it_accepts_real_registration_numbers(number):
    # Both are numbers that two large Korean companies print on their websites.
    validate_business_number(number)


def test_it_rejects_a_wrong_check_digit_with_a_clear_message():
    with pytest.raises(ValidationError) as error:
        validate_business_number("220-81-62518")

    assert error.value.code == "check_digit"
    with translation.override("en"):
        assert "check digit does not match" in str(error.value.messages[0])
    with translation.override("ko"):
        assert "검증번호가 일치하지 않습니다" in str(error.value.messages[0])


@pytest.mark.parametrize("number", ["22081625", "220-81-6251a", "22081625170"])
def test_it_rejects_anything_but_ten_digits(number):
    with pytest.raises(ValidationError) as error:
        validate_business_number(number)

    assert error.value.code == "format"


def test_it_computes_the_check_digit_including_the_carry_of_the_ninth():
    assert business_number_check_digit("220816251") == 7
    assert business_number_check_digit("124810099") == 8


def test_it_stores_ten_digits_and_shows_dashes():
    assert normalize_business_number("220-81-62517") == "2208162517"
    assert format_business_number("2208162517") == "220-81-62517"


def test_the_database_refuses_a_number_that_is_not_ten_digits(db):
    with pytest.raises(IntegrityError):
        CompanyFactory(business_number="220-81-625")


def test_the_database_refuses_a_second_company_with_the_same_number(db):
    CompanyFactory(business_number="2208162517")

    with pytest.raises(IntegrityError):
        CompanyFactory(business_number="2208162517")


@given(first_nine=st.from_regex(r"\A[0-9]{9}\Z"), wrong=st.integers(1, 9))
def test_exactly_one_last_digit_completes_any_nine_digits(first_nine, wrong):
    right = business_number_check_digit(first_nine)
    validate_business_number(first_nine + str(right))

    with pytest.raises(ValidationError):
        validate_business_number(first_nine + str((right + wrong) % 10))


@given(number=st.from_regex(r"\A[0-9]{3}-?[0-9]{2}-?[0-9]{5}\Z"))
def test_normalising_keeps_the_digits_and_formatting_restores_the_dashes(number):
    digits = normalize_business_number(number)

    assert digits == number.replace("-", "")
    assert normalize_business_number(format_business_number(digits)) == digits


def test_it_accepts_full_width_digits_from_a_korean_input_method():
    full_width = "220-81-62517".translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789-"})

    validate_business_number(full_width)
    assert normalize_business_number(full_width) == "2208162517"


@given(text=st.text(max_size=20))
def test_any_text_is_either_accepted_or_refused_with_a_message(text):
    try:
        validate_business_number(text)
    except ValidationError as error:
        assert error.code in ("format", "check_digit")
    else:
        assert re.fullmatch(r"[0-9]{10}", normalize_business_number(text))
