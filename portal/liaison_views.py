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
from cases import sla
from cases.documents import download_name
from cases.errors import CaseError
from outreach import difficulties, opportunities, selectors
from outreach.models import Difficulty, DifficultyEntry, Interest
from portal.forms import refuse_cut_uploads
from portal.liaison_forms import DifficultyAnswerForm, DifficultyReportForm, InterestForm


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


@login_required
@require_GET
def opportunity_list(request):
    """The opportunities published for the user's companies, the open ones first."""
    rows = (
        opportunities.for_member(request.user).select_related("center").order_by("-deadline", "-pk")
    )
    mine = dict(
        Interest.objects.filter(company__members__user=request.user).values_list(
            "opportunity_id", "status"
        )
    )
    today = sla.today()
    rows = list(rows)
    for opportunity in rows:
        opportunity.my_status = (
            Interest.Status(mine[opportunity.pk]).label if opportunity.pk in mine else ""
        )
        opportunity.is_open = opportunity.deadline is None or opportunity.deadline >= today
    return render(request, "portal/opportunities.html", {"opportunities": rows})


@login_required
@require_http_methods(["GET", "POST"])
def opportunity_detail(request, pk):
    """An opportunity for one of the user's companies (404 otherwise), the interest each of
    them expressed and its status, and the form to express it."""
    opportunity = get_object_or_404(
        opportunities.for_member(request.user).select_related("center"), pk=pk
    )
    companies = Company.objects.of_member(request.user).order_by("name_ko")
    interests = list(opportunity.interests.filter(company__in=companies).select_related("company"))
    open_for = companies.exclude(pk__in=[i.company_id for i in interests])
    form = InterestForm(request.POST or None, companies=open_for)
    if request.method == "POST" and form.is_valid():
        try:
            _interest, created = opportunities.interest_express(
                opportunity=opportunity, by=request.user, **form.cleaned_data
            )
        except CaseError as error:
            for reason in error.reasons:
                form.add_error(None, reason)
        else:
            if created:
                messages.success(
                    request,
                    _("Your interest is sent to %(center)s.") % {"center": opportunity.center.name},
                )
            return redirect("portal:opportunity", pk=pk)
    elif request.method == "POST" and request.POST.get("company") in {
        str(i.company_id) for i in interests
    }:
        # A second time (a double click): the interest is recorded once, nothing more.
        messages.info(request, _("Your company's interest is already recorded."))
        return redirect("portal:opportunity", pk=pk)
    context = {
        "opportunity": opportunity,
        "interests": interests,
        "form": form if open_for.exists() else None,
        "is_open": opportunity.deadline is None or opportunity.deadline >= sla.today(),
    }
    status = 400 if form.is_bound else 200
    return render(request, "portal/opportunity.html", context, status=status)
