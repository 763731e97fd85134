"""Django's Simplified Chinese formats, with amounts grouped by thousands with commas, as
Chinese official and financial documents write them (50,000,000 韩元); Django's own leave
them ungrouped."""

from django.conf.locale.zh_Hans.formats import *  # noqa: F403

THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
