"""Program results for the staff of a center: the cases of the centers they staff today
(an administrator on the desk sees every center's, as on the staffing page)."""

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from cases.models import Case
from centers.models import SupportCenter
from desk.access import desk_required
from insights import reports


@desk_required
@require_GET
def results(request):
    today = timezone.localdate()
    cases = Case.objects.all()
    if not request.user.is_administrator:
        cases = cases.filter(center__in=SupportCenter.objects.staffed_by(request.user, today))
    form = reports.period_form(request, today)
    found = reports.results_for(cases, form, today)
    if found and form.cleaned_data["csv"]:
        return reports.results_csv(found, form.cleaned_data["csv"])
    return render(
        request,
        "desk/results.html",
        {"form": form, "results": found, "chart": found and reports.results_chart(found)},
    )
