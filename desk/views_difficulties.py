"""Difficulties at the desk: a tab of their own beside the case queue, and the page where
officials record actions, notes and questions, and close a difficulty with its outcome."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cases import sla
from cases.errors import CaseError
from desk import queue
from desk.access import desk_required
from desk.liaison_forms import DifficultyCloseForm, DifficultyRecordForm
from outreach import difficulties, selectors
from outreach.models import Contact, Difficulty

PAGE_SIZE = 30


def get_difficulty_for(user, pk) -> Difficulty:
    """A difficulty of a center the user staffs now (administrators: any), or 404."""
    rows = Difficulty.objects.of_centers(queue.staffed_center_ids(user))
    return get_object_or_404(rows.select_related("company", "center", "case"), pk=pk)


@desk_required
@require_GET
def difficulty_list(request):
    rows = Difficulty.objects.of_centers(queue.staffed_center_ids(request.user)).select_related(
        "company", "center"
    )
    show = request.GET.get("show", "open")
    if show != "all":
        rows = rows.open().order_by("due_on", "pk")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    today = sla.today()
    for difficulty in page:
        difficulty.flag = difficulty.sla_flag(today)
    count = page.paginator.count if show != "all" else open_count(request.user)
    return render(
        request,
        "desk/difficulties.html",
        {"page": page, "show": show, "open_difficulties": count},
    )


def _page(request, difficulty, record_form=None, close_form=None, status=200):
    context = {
        "difficulty": difficulty,
        "entries": difficulty.entries.select_related("by").order_by("at", "pk"),
        "attachments": difficulty.attachments.all(),
        "contacts": Contact.objects.filter(difficulties=difficulty).select_related("body"),
        "flag": difficulty.sla_flag(),
        "record_form": record_form or DifficultyRecordForm(),
        "close_form": close_form or DifficultyCloseForm(),
    }
    return render(request, "desk/difficulty.html", context, status=status)


@desk_required
@require_GET
def difficulty_detail(request, pk):
    return _page(request, get_difficulty_for(request.user, pk))


@desk_required
@require_POST
def difficulty_record(request, pk):
    difficulty = get_difficulty_for(request.user, pk)
    form = DifficultyRecordForm(request.POST)
    if form.is_valid():
        try:
            difficulties.difficulty_record(
                difficulty=difficulty, by=request.user, **form.cleaned_data
            )
        except CaseError as error:
            for reason in error.reasons:
                form.add_error(None, reason)
        else:
            messages.success(request, _("Recorded."))
            return redirect("desk:difficulty", pk=pk)
    return _page(request, difficulty, record_form=form, status=400)


@desk_required
@require_POST
def difficulty_close(request, pk):
    difficulty = get_difficulty_for(request.user, pk)
    form = DifficultyCloseForm(request.POST)
    if form.is_valid():
        try:
            difficulties.difficulty_close(
                difficulty=difficulty, by=request.user, **form.cleaned_data
            )
        except CaseError as error:
            for reason in error.reasons:
                form.add_error(None, reason)
        else:
            messages.success(request, _("The difficulty is closed; the company reads the outcome."))
            return redirect("desk:difficulty", pk=pk)
    return _page(request, difficulty, close_form=form, status=400)


def open_count(user) -> int:
    return selectors.open_difficulty_count(queue.staffed_center_ids(user))


@desk_required
@require_GET
def difficulty_file(request, pk, file_pk):
    from django.http import FileResponse

    from cases.documents import download_name

    attachment = get_object_or_404(get_difficulty_for(request.user, pk).attachments, pk=file_pk)
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=download_name(attachment.original_name, attachment.content_type),
        content_type=attachment.content_type,
    )
