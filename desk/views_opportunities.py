"""Opportunities at the desk: the centers' officials publish them and follow up the
interest companies express."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cases.errors import CaseError
from centers.models import SupportCenter
from desk import queue
from desk.access import desk_required
from desk.liaison_forms import InterestStatusForm, OpportunityForm
from outreach import opportunities, selectors
from outreach.models import Opportunity

PAGE_SIZE = 30


def _scoped(user):
    return Opportunity.objects.of_centers(queue.staffed_center_ids(user))


def get_opportunity_for(user, pk) -> Opportunity:
    return get_object_or_404(_scoped(user).select_related("center", "created_by"), pk=pk)


@desk_required
@require_GET
def opportunity_list(request):
    center_ids = queue.staffed_center_ids(request.user)
    rows = (
        Opportunity.objects.of_centers(center_ids)
        .select_related("center")
        .annotate(interest_count=Count("interests"))
        .order_by("-created_at", "-pk")
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "open_difficulties": selectors.open_difficulty_count(center_ids)}
    return render(request, "desk/opportunities.html", context)


@desk_required
@require_http_methods(["GET", "POST"])
def opportunity_new(request):
    center_ids = queue.staffed_center_ids(request.user)
    centers = SupportCenter.objects.open()
    if center_ids is not None:
        centers = centers.filter(pk__in=center_ids)
    if not centers.exists():
        raise PermissionDenied
    form = OpportunityForm(request.POST or None, centers=centers)
    if form.is_valid():
        try:
            opportunity = opportunities.opportunity_publish(by=request.user, **form.cleaned_data)
        except CaseError as error:
            for reason in error.reasons:
                form.add_error(None, reason)
        else:
            messages.success(request, _("Published; it is being sent to the companies it is for."))
            return redirect("desk:opportunity", pk=opportunity.pk)
    status = 400 if form.is_bound else 200
    return render(request, "desk/opportunity_form.html", {"form": form}, status=status)


@desk_required
@require_GET
def opportunity_detail(request, pk):
    opportunity = get_opportunity_for(request.user, pk)
    context = {
        "opportunity": opportunity,
        "sectors": opportunity.sectors.select_related("parent"),
        "items": opportunity.items.all(),
        "interests": opportunity.interests.select_related("company", "expressed_by"),
        "statuses": InterestStatusForm().fields["status"].choices,
    }
    return render(request, "desk/opportunity.html", context)


@desk_required
@require_POST
def interest_status(request, pk, interest_pk):
    opportunity = get_opportunity_for(request.user, pk)
    interest = get_object_or_404(opportunity.interests, pk=interest_pk)
    form = InterestStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a status."))
        return redirect("desk:opportunity", pk=pk)
    try:
        opportunities.interest_set_status(
            interest=interest, by=request.user, status=form.cleaned_data["status"]
        )
    except CaseError as error:
        for reason in error.reasons:
            messages.error(request, reason)
    else:
        messages.success(request, _("The company sees the new status."))
    return redirect("desk:opportunity", pk=pk)
