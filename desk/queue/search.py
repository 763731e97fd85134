"""The desk's search box: a reference, a business registration number or a name."""

import re

from django.db.models import Q

from applicants.models import Company

# The shape of a case reference (cases/rules.py): FIN-2026-000123.
REFERENCE = re.compile(r"[A-Z]+-[0-9]{4}-[0-9]+")


def search(queryset, text: str):
    """A reference, a business registration number (or its start, with its dash), or part of
    a company's name.

    One condition at a time: an OR of the reference and the companies would make
    PostgreSQL read the whole open queue to test each case against both.
    """
    text = text.strip()
    if not text:
        return queryset
    if REFERENCE.fullmatch(text.upper()):
        return queryset.filter(reference=text.upper())
    digits = re.sub(r"[\s-]", "", text)
    if digits.isdigit() and len(digits) == 10:
        companies = Company.objects.filter(business_number=digits)
    elif digits.isdigit() and len(digits) >= 3 and "-" in text:
        # The start of a registration number as printed ("124-81"): its first digits.
        companies = Company.objects.filter(business_number__startswith=digits)
    else:
        companies = Company.objects.filter(Q(name_ko__icontains=text) | Q(name_en__icontains=text))
    return queryset.filter(company_id__in=companies.values("pk"))
