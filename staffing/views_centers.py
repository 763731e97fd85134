"""Administrators' view of the centers: the list, one center, opening and closing, workload."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import administrator_required
from cases import handover as handovers
from cases import selectors
from centers import services as centers_services
from centers.charts import load_bar_chart
from centers.models import SupportCenter
from staffing.forms import CenterCloseForm
from staffing.replies import add_errors


class CenterStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("status"),
        choices=[
            (SupportCenter.Status.OPEN, SupportCenter.Status.OPEN.label),
            (SupportCenter.Status.CLOSED, SupportCenter.Status.CLOSED.label),
        ],
    )


def _closure_message(closure: handovers.Closure) -> str:
    return _(
        "%(center)s is closed. %(to)s takes over its %(provinces)s province(s), "
        "%(staff)s official(s) and %(cases)s open case(s)."
    ) % {
        "center": closure.center.name,
        "to": closure.to_center.name,
        "provinces": len(closure.provinces),
        "staff": len(closure.staff),
        "cases": closure.cases,
    }


@administrator_required
@require_GET
def centers(request):
    return render(request, "staffing/centers.html", {"centers": selectors.centers_overview()})


@administrator_required
@require_GET
def center_detail(request, pk):
    center = selectors.center_for_administrator(pk)
    return render(
        request,
        "staffing/center_detail.html",
        {
            "center": center,
            "provinces": selectors.center_jurisdiction(center),
            "staff": selectors.center_staff(center),
        },
    )


@administrator_required
@require_POST
def center_status(request, pk):
    center = selectors.center_for_administrator(pk)
    form = CenterStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether to open or close the center."))
        return redirect("staffing:center", pk=center.pk)
    if form.cleaned_data["status"] == SupportCenter.Status.CLOSED:
        # Closing moves cases and staff: it has its own page, which asks where they go.
        return redirect("staffing:center_close", pk=center.pk)
    try:
        center = centers_services.center_set_status(
            center=center, status=form.cleaned_data["status"]
        )
    except ValidationError as error:
        # Another open center covers one of its provinces: the message names it.
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("%(center)s is open; its jurisdiction is in force.") % {"center": center.name},
        )
    return redirect("staffing:center", pk=center.pk)


@administrator_required
@require_http_methods(["GET", "POST"])
def center_close(request, pk):
    center = selectors.center_for_administrator(pk)
    if center.status == SupportCenter.Status.CLOSED:
        messages.info(request, _("%(center)s is closed already.") % {"center": center.name})
        return redirect("staffing:center", pk=center.pk)
    form = CenterCloseForm(request.POST or None, center=center)
    if form.is_valid():
        try:
            closure = handovers.center_close(center=center, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _closure_message(closure))
            return redirect("staffing:center", pk=closure.to_center.pk)
    return render(
        request,
        "staffing/center_close.html",
        {
            "form": form,
            "center": center,
            "provinces": selectors.center_jurisdiction(center),
            "staff": selectors.center_staff(center),
        },
    )


@administrator_required
@require_GET
def workload(request):
    load = selectors.workload()
    chart = load_bar_chart(
        [
            (str(row.assignment.official), row.load.open_cases, row.load.capacity)
            for row in load.officials
        ],
        title=_("Open cases against capacity, per official"),
    )
    return render(request, "staffing/workload.html", {"workload": load, "chart": chart})
