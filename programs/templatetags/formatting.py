"""The filters for amounts, in every template without a {% load %} (settings.TEMPLATES'
builtins): `{{ case.approved_amount|krw }}`, `{{ company.exports_to_china_last_year|usd }}`.
Dates take Django's `date` filter with a locale format name ("DATE_FORMAT",
"SHORT_DATE_FORMAT"); config/formats holds the Korean ones.
"""

from django import template

from programs import formatting

register = template.Library()
register.filter("krw", formatting.krw)
register.filter("usd", formatting.usd)
