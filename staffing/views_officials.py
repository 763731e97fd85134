"""Administrators' view of the trade officials: the list, adding one, deactivating one, and
the staffing history of an official or a center."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.decorators import administrator_required
from cases import handover as handovers
from cases.conflicts import ConflictOfInterest
from cases.models import Case
from centers import selectors
from centers import services as centers_services
from centers.models import StaffAssignment, SupportCenter, TradeOfficial
from staffing.forms import OfficialAddForm, StaffDeactivateForm
from staffing.replies import add_errors, handover_message


@administrator_required
@require_GET
def officials(request):
    return render(request, "staffing/officials.html", {"officials": selectors.officials_overview()})


@administrator_required
@require_GET
def official_history(request, official_pk):
    official = get_object_or_404(TradeOfficial.objects.select_related("user"), pk=official_pk)
    return render(
        request,
        "staffing/history.html",
        {
            "official": official,
            "assignments": selectors.staffing_history(official=official),
            "conflicts": ConflictOfInterest.objects.filter(person=official.user).select_related(
                "company"
            ),
        },
    )


@administrator_required
@require_GET
def center_history(request, pk):
    center = get_object_or_404(SupportCenter, pk=pk)
    return render(
        request,
        "staffing/history.html",
        {"center": center, "assignments": selectors.staffing_history(center=center)},
    )


@administrator_required
@require_http_methods(["GET", "POST"])
def official_new(request):
    form = OfficialAddForm(request.POST or None)
    if form.is_valid():
        try:
            official = centers_services.official_add(
                **form.cleaned_data,
                by=request.user,
                base_url=f"{request.scheme}://{request.get_host()}",
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("%(official)s is added: a link to choose a password is on its way to %(email)s.")
                % {"official": official, "email": official.user.email},
            )
            return redirect("staffing:official_history", official_pk=official.pk)
    return render(request, "staffing/official_new.html", {"form": form})


@administrator_required
@require_http_methods(["GET", "POST"])
def official_deactivate(request, official_pk):
    official = get_object_or_404(
        TradeOfficial.objects.select_related("user"), pk=official_pk, is_active=True
    )
    assignment = (
        StaffAssignment.objects.current().filter(official=official).select_related("center").first()
    )
    form = StaffDeactivateForm(request.POST or None, assignment=assignment)
    if form.is_valid():
        try:
            results = handovers.official_deactivate(
                official=official, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            said = [_("%(official)s is deactivated.") % {"official": official}]
            messages.success(request, " ".join(said + [handover_message(r) for r in results]))
            return redirect("staffing:officials")
    return render(
        request,
        "staffing/official_deactivate.html",
        {
            "form": form,
            "official": official,
            "assignment": assignment,
            "open_cases": Case.objects.open().filter(suggested_official=official).count(),
        },
    )
