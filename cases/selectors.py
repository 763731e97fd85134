"""Reads for the applicant portal and the desk, with their queries spelled out."""

from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone

from applicants.models import Company
from programs.eligibility import company_reasons, window_reasons
from programs.models import Program


def catalog_programs(queryset=None, *, at=None):
    """Published programs: open ones first (closing soonest first), then upcoming, then closed."""
    at = at or timezone.now()
    queryset = Program.objects.for_catalog() if queryset is None else queryset
    return queryset.annotate(
        window_order=Case(
            When(opens_at__lte=at, closes_at__gt=at, then=Value(0)),
            When(opens_at__gt=at, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
    ).order_by("window_order", "closes_at", "code")


def companies_for_eligibility(user) -> list[Company]:
    return list(Company.objects.of_member(user).for_eligibility().order_by("name_ko"))


def with_eligibility(programs, companies, *, at=None):
    """Attach to each program `window_reasons` and `eligibility`: [(company, reasons)].

    Pure Python over prefetched rows: the number of queries does not grow with programs or
    companies.
    """
    at = at or timezone.now()
    programs = list(programs)
    for program in programs:
        program.window_reasons = window_reasons(program, at=at)
        program.eligibility = [
            (company, program.window_reasons + company_reasons(program, company))
            for company in companies
        ]
    return programs
