"""Administrators assign, move and release trade officials, handing over their open cases."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.decorators import administrator_required
from cases import handover as handovers
from cases.models import Case
from centers import services as centers_services
from centers.models import StaffAssignment, TradeOfficial
from staffing.forms import StaffAssignForm, StaffEndForm, StaffMoveForm
from staffing.replies import add_errors, handover_message


def _next_or(request, name, **kwargs):
    """Back to the page that sent the administrator here (?next=), else to `name`."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(name, **kwargs)


def _current_assignment(request, official_pk):
    """The official and their current assignment; None (with a message) if they have none."""
    official = get_object_or_404(TradeOfficial.objects.select_related("user"), pk=official_pk)
    assignment = (
        StaffAssignment.objects.current().filter(official=official).select_related("center").first()
    )
    if assignment is None:
        messages.info(
            request,
            _("%(official)s does not work at any center now; assign them here.")
            % {"official": official},
        )
    return official, assignment


def _open_cases_count(assignment: StaffAssignment) -> int:
    return (
        Case.objects.open()
        .filter(center=assignment.center, suggested_official=assignment.official)
        .count()
    )


@administrator_required
@require_http_methods(["GET", "POST"])
def staff_assign(request):
    form = StaffAssignForm(request.POST or None, initial={"official": request.GET.get("official")})
    if form.is_valid():
        try:
            assignment = centers_services.staff_assign(**form.cleaned_data, by=request.user)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("%(official)s now works at %(center)s.")
                % {"official": assignment.official, "center": assignment.center.name},
            )
            return _next_or(request, "staffing:center", pk=assignment.center_id)
    everyone_placed = not form.fields["official"].queryset.exists()
    return render(
        request, "staffing/staff_assign.html", {"form": form, "everyone_placed": everyone_placed}
    )


@administrator_required
@require_http_methods(["GET", "POST"])
def staff_move(request, official_pk):
    official, assignment = _current_assignment(request, official_pk)
    if assignment is None:
        return redirect("staffing:staff_assign")
    form = StaffMoveForm(request.POST or None, assignment=assignment)
    if form.is_valid():
        try:
            handover = handovers.official_move(
                official=official, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            to_center = form.cleaned_data["to_center"]
            messages.success(
                request,
                _("%(official)s now works at %(center)s.")
                % {"official": official, "center": to_center.name}
                + " "
                + handover_message(handover),
            )
            return _next_or(request, "staffing:center", pk=handover.center.pk)
    return render(
        request,
        "staffing/staff_move.html",
        {
            "form": form,
            "official": official,
            "assignment": assignment,
            "open_cases": _open_cases_count(assignment),
        },
    )


@administrator_required
@require_http_methods(["GET", "POST"])
def staff_end(request, official_pk):
    official, assignment = _current_assignment(request, official_pk)
    if assignment is None:
        return redirect("staffing:staff_assign")
    form = StaffEndForm(request.POST or None, assignment=assignment)
    if form.is_valid():
        try:
            handover = handovers.official_release(
                official=official, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("%(official)s no longer works at %(center)s.")
                % {"official": official, "center": handover.center.name}
                + " "
                + handover_message(handover),
            )
            return _next_or(request, "staffing:center", pk=handover.center.pk)
    return render(
        request,
        "staffing/staff_end.html",
        {
            "form": form,
            "official": official,
            "assignment": assignment,
            "open_cases": _open_cases_count(assignment),
        },
    )
