"""Contacts with Chinese authorities at the desk: the list of the centers' contacts, the form
that records one (with its follow-up), and the page where follow-ups are closed."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cases.errors import CaseError
from centers.models import SupportCenter
from desk import queue
from desk.access import desk_required
from desk.liaison_forms import ContactForm
from outreach import contacts, selectors
from outreach.models import Contact, Difficulty, Opportunity

PAGE_SIZE = 30


def get_contact_for(user, pk) -> Contact:
    rows = Contact.objects.of_centers(queue.staffed_center_ids(user))
    return get_object_or_404(rows.select_related("center", "body", "recorded_by"), pk=pk)


@desk_required
@require_GET
def contact_list(request):
    center_ids = queue.staffed_center_ids(request.user)
    rows = (
        Contact.objects.of_centers(center_ids)
        .select_related("center", "body")
        .order_by("-held_on", "-pk")
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "open_difficulties": selectors.open_difficulty_count(center_ids)}
    return render(request, "desk/contacts.html", context)


def _new_body(data):
    return contacts.authority_body_find_or_add(
        level=data["new_body_level"],
        province=data["new_body_province"],
        name_ko=data["new_body_name_ko"],
        name_en=data["new_body_name_en"],
        name_zh=data["new_body_name_zh"],
    )


@desk_required
@require_http_methods(["GET", "POST"])
def contact_new(request):
    center_ids = queue.staffed_center_ids(request.user)
    centers = SupportCenter.objects.open()
    if center_ids is not None:
        centers = centers.filter(pk__in=center_ids)
    if not centers.exists():
        raise PermissionDenied
    initial = {}
    if (linked := request.GET.get("difficulty", "")).isascii() and linked.isdigit():
        initial["difficulties"] = [linked]
    form = ContactForm(
        request.POST or None,
        initial=initial,
        centers=centers,
        difficulties=Difficulty.objects.of_centers(center_ids)
        .open()
        .select_related("company")
        .order_by("due_on"),
        opportunities=Opportunity.objects.of_centers(center_ids).order_by("-created_at")[:50],
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            contact = contacts.contact_record(
                center=data["center"],
                by=request.user,
                body=data["body"] or _new_body(data),
                counterpart=data["counterpart"],
                counterpart_zh=data["counterpart_zh"],
                held_on=data["held_on"],
                channel=data["channel"],
                topics=data["topics"],
                outcome=data["outcome"],
                difficulties=list(data["difficulties"]),
                opportunities=list(data["opportunities"]),
                follow_ups=[(data["follow_up"], data["follow_up_due"])]
                if data["follow_up"]
                else [],
            )
        except CaseError as error:
            for reason in error.reasons:
                form.add_error(None, reason)
        else:
            messages.success(request, _("The contact is recorded."))
            return redirect("desk:contact", pk=contact.pk)
    status = 400 if form.is_bound else 200
    return render(request, "desk/contact_form.html", {"form": form}, status=status)


@desk_required
@require_GET
def contact_detail(request, pk):
    contact = get_contact_for(request.user, pk)
    context = {
        "contact": contact,
        "difficulties": contact.difficulties.select_related("company"),
        "opportunities": contact.opportunities.all(),
        "follow_ups": contact.follow_ups.select_related("owner"),
    }
    return render(request, "desk/contact.html", context)


@desk_required
@require_POST
def follow_up_done(request, pk, follow_up_pk):
    contact = get_contact_for(request.user, pk)
    follow_up = get_object_or_404(contact.follow_ups, pk=follow_up_pk)
    try:
        contacts.follow_up_done(follow_up=follow_up, by=request.user)
    except CaseError as error:
        for reason in error.reasons:
            messages.error(request, reason)
    return redirect("desk:contact", pk=pk)
