from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from cases import selectors
from programs.filters import ProgramFilter
from programs.models import Program


@require_GET
def catalog(request):
    """The public catalog of programs; a company member also sees whether they qualify."""
    filterset = ProgramFilter(request.GET, queryset=selectors.catalog_programs())
    companies = selectors.companies_for_eligibility(request.user)
    programs = selectors.with_eligibility(filterset.qs, companies)
    return render(
        request,
        "cases/catalog.html",
        {"filter": filterset, "programs": programs, "companies": companies},
    )


@require_GET
def program_detail(request, code):
    program = get_object_or_404(Program.objects.for_catalog(), code=code)
    companies = selectors.companies_for_eligibility(request.user)
    [program] = selectors.with_eligibility([program], companies)
    return render(request, "cases/program_detail.html", {"program": program})
