"""Amounts as people read them, in the page's language: the templates' filters
(programs/templatetags/formatting.py, in every template) and the desk's CSV use these.

KRW is whole won; US$ (export figures) has two decimals. Both with thousands separators and
their unit, which the language places.
"""

from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _


def _grouped(amount, decimals: int) -> str:
    # The page's language's separators, grouped whatever USE_THOUSAND_SEPARATOR says.
    return number_format(Decimal(amount), decimals, use_l10n=True, force_grouping=True)


def krw(amount) -> str:
    """50,000,000원 / 50,000,000 won; nothing for no amount."""
    if amount is None or amount == "":
        return ""
    return _("%(amount)s won") % {"amount": _grouped(int(amount), 0)}


def usd(amount) -> str:
    """US$ 1,250,000.50; nothing for no amount."""
    if amount is None or amount == "":
        return ""
    return _("US$ %(amount)s") % {"amount": _grouped(amount, 2)}
