"""Administrators' view of the centers: the list, one center, opening and closing, workload."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from accounts.decorators import administrator_required
from cases import selectors
from centers import services as centers_services
from centers.charts import load_bar_chart
from centers.models import SupportCenter


class CenterStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("status"),
        choices=[
            (SupportCenter.Status.OPEN, SupportCenter.Status.OPEN.label),
            (SupportCenter.Status.CLOSED, SupportCenter.Status.CLOSED.label),
        ],
    )


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
    try:
        center = centers_services.center_set_status(
            center=center, status=form.cleaned_data["status"]
        )
    except ValidationError as error:
        # Another open center covers one of its provinces: the message names it.
        for message in error.messages:
            messages.error(request, message)
    else:
        if center.status == SupportCenter.Status.OPEN:
            message = _("%(center)s is open; its jurisdiction is in force.")
        else:
            message = _("%(center)s is closed; its provinces are free for other centers.")
        messages.success(request, message % {"center": center.name})
    return redirect("staffing:center", pk=center.pk)


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
