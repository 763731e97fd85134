"""Companies' pages of the liaison with Chinese authorities: their difficulties in China and
the opportunities published for them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from applicants.models import Company
from cases.documents import download_name
from cases.errors import CaseError
from outreach import difficulties, selectors
from outreach.models import Difficulty, DifficultyEntry
from portal.forms import refuse_cut_uploads
from portal.liaison_forms import DifficultyAnswerForm, DifficultyReportForm


def get_difficulty_for(user, pk) -> Difficulty:
    """One of the user's companies' difficulties, or 404."""
    return get_object_or_404(
        Difficulty.objects.of_member(user).select_related("company", "center", "case"), pk=pk
    )


def _files(form):
    upload = form.cleaned_data.get("attachment")
    return [upload] if upload else []


@login_required
@require_GET
def difficulty_list(request):
    rows = (
        Difficulty.objects.of_member(request.user)
        .select_related("company", "center")
        .order_by("-reported_at", "-pk")
    )
    return render(request, "portal/difficulties.html", {"difficulties": rows})


@login_required
@require_http_methods(["GET", "POST"])
def difficulty_new(request):
    companies = Company.objects.of_member(request.user).order_by("name_ko")
    if not companies.exists():
        raise PermissionDenied
    form = DifficultyReportForm(request.POST or None, request.FILES or None, companies=companies)
    if form.is_bound:
        refuse_cut_uploads(request, form)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            difficulty = difficulties.difficulty_report(
                company=data["company"],
                by=request.user,
                kind=data["kind"],
                province=data["province"],
                authority=data["authority"],
                description=data["description"],
                case=data["case"],
                attachments=_files(form),
            )
        except CaseError as error:
            for reason in error.reasons:
                form.add_error(None, reason)
        else:
            messages.success(
                request,
                _("Your report is sent to %(center)s.")
                % {"center": difficulty.center or _("the support desk")},
            )
            return redirect("portal:difficulty", pk=difficulty.pk)
    status = 400 if form.is_bound else 200
    return render(request, "portal/difficulty_new.html", {"form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def difficulty_detail(request, pk):
    """The difficulty as the company reads it: what was done, asked and decided; never the
    officials' internal notes. When it is asked for more, its answer is posted here."""
    difficulty = get_difficulty_for(request.user, pk)
    asked = difficulty.status == Difficulty.Status.AWAITING_COMPANY
    form = DifficultyAnswerForm(request.POST or None, request.FILES or None) if asked else None
    if request.method == "POST":
        if form is None:
            messages.info(request, _("Nothing is asked of your company now."))
            return redirect("portal:difficulty", pk=pk)
        refuse_cut_uploads(request, form)
        if form.is_valid():
            try:
                difficulties.difficulty_answer(
                    difficulty=difficulty,
                    by=request.user,
                    text=form.cleaned_data["text"],
                    attachments=_files(form),
                )
            except CaseError as error:
                for reason in error.reasons:
                    form.add_error(None, reason)
            else:
                messages.success(request, _("Your answer is sent."))
                return redirect("portal:difficulty", pk=pk)
    entries = (
        difficulty.entries.exclude(kind=DifficultyEntry.Kind.NOTE)
        .select_related("by")
        .order_by("at", "pk")
    )
    context = {
        "difficulty": difficulty,
        "entries": entries,
        "attachments": difficulty.attachments.all(),
        "contacts": selectors.contacts_shown_to_company(difficulty),
        "form": form,
    }
    status = 400 if form is not None and form.is_bound else 200
    return render(request, "portal/difficulty.html", context, status=status)


@login_required
@require_GET
def difficulty_file(request, pk, file_pk):
    difficulty = get_difficulty_for(request.user, pk)
    attachment = get_object_or_404(difficulty.attachments, pk=file_pk)
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=download_name(attachment.original_name, attachment.content_type),
        content_type=attachment.content_type,
    )
