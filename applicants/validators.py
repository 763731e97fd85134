import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_WEIGHTS = (1, 3, 7, 1, 3, 7, 1, 3, 5)


def normalize_business_number(value: str) -> str:
    """'123-45-67890', ' 1234567890 ' and the same in full-width digits and hyphens (a
    Korean input method in full-width mode) all become '1234567890'."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", str(value)) if ch not in "- \t")


def business_number_check_digit(first_nine: str) -> int:
    """The check digit of a Korean business registration number (National Tax Service)."""
    digits = [int(ch) for ch in first_nine]
    total = sum(d * w for d, w in zip(digits, _WEIGHTS, strict=True))
    total += digits[8] * 5 // 10
    return (10 - total % 10) % 10


def validate_business_number(value: str) -> None:
    number = normalize_business_number(value)
    if not re.fullmatch(r"[0-9]{10}", number):
        raise ValidationError(
            _("Enter the 10-digit business registration number, for example 123-45-67890."),
            code="format",
        )
    if business_number_check_digit(number[:9]) != int(number[9]):
        raise ValidationError(
            _("The check digit does not match: please check the number for a typing error."),
            code="check_digit",
        )


def format_business_number(number: str) -> str:
    return f"{number[:3]}-{number[3:5]}-{number[5:]}" if len(number) == 10 else number
