"""Announcements at the desk: center leads and administrators post them; every official
reads the list of their centers' (read-only for those who do not lead one)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cases.errors import CaseError
from desk import queue
from desk.access import desk_required
from desk.announcement_forms import AnnouncementForm
from outreach import services as announcements
from outreach.models import Announcement

PAGE_SIZE = 30


@desk_required
@require_GET
def announcement_list(request):
    rows = Announcement.objects.select_related("center", "created_by").prefetch_related(
        "sectors__parent"
    )
    center_ids = queue.staffed_center_ids(request.user)
    if center_ids is not None:
        rows = rows.filter(center_id__in=center_ids)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "desk/announcements.html",
        {"page": page, "may_post": announcements.may_announce(request.user)},
    )


@desk_required
@require_http_methods(["GET", "POST"])
def announcement_new(request):
    centers = announcements.postable_centers(request.user)
    if not request.user.is_administrator and not centers.exists():
        raise PermissionDenied
    form = AnnouncementForm(request.POST or None, centers=centers)
    if form.is_valid():
        try:
            announcements.announcement_post(by=request.user, **form.cleaned_data)
        except CaseError as error:
            for reason in error.reasons:
                form.add_error(None, reason)
        else:
            messages.success(
                request,
                _("The announcement is posted; it is being sent to the companies it is for."),
            )
            return redirect("desk:announcements")
    status = 400 if form.is_bound else 200
    return render(request, "desk/announcement_form.html", {"form": form}, status=status)
