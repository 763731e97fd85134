from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import verified_email_required
from applicants.models import Company
from cases import selectors, services, workflow
from cases.documents import download_name
from cases.forms import CaseDraftForm, DocumentsForm, WithdrawForm
from cases.models import Case
from programs.filters import ProgramFilter
from programs.models import Program


@require_GET
def catalog(request):
    """The public catalog of programs; a company member also sees whether they qualify."""
    filterset = ProgramFilter(request.GET, queryset=selectors.catalog_programs())
    companies = selectors.companies_for_eligibility(request.user)
    programs = selectors.with_eligibility(filterset.qs, companies)
    return render(
        request,
        "cases/catalog.html",
        {"filter": filterset, "programs": programs, "companies": companies},
    )


@require_GET
def program_detail(request, code):
    program = get_object_or_404(Program.objects.for_catalog(), code=code)
    companies = selectors.companies_for_eligibility(request.user)
    [program] = selectors.with_eligibility([program], companies)
    return render(request, "cases/program_detail.html", {"program": program})


def get_case_for(user, pk) -> Case:
    """The case if the user may see it, else 404: the first line of every case view."""
    return get_object_or_404(
        Case.objects.visible_to(user).select_related("program", "company", "center"), pk=pk
    )


def get_own_case(user, pk) -> Case:
    """A case of one of the user's companies (what the applicant pages work on), else 404."""
    return get_object_or_404(
        Case.objects.filter(company__members__user=user).select_related("program", "company"),
        pk=pk,
    )


@verified_email_required
@require_POST
def apply(request, code):
    program = get_object_or_404(Program.objects.for_catalog(), code=code)
    company_id = request.POST.get("company", "")
    if not (company_id.isascii() and company_id.isdigit()):
        raise Http404
    company = get_object_or_404(Company.objects.of_member(request.user), pk=company_id)
    try:
        case = services.case_start(company=company, program=program, by=request.user)
    except services.CaseError as error:
        for reason in error.reasons:
            messages.error(request, reason)
        return redirect("cases:program", code=program.code)
    return redirect("cases:edit", pk=case.pk)


@verified_email_required
@require_http_methods(["GET", "POST"])
def edit(request, pk):
    """The draft: its fields, its documents and what is missing, saved and submitted here."""
    case = get_own_case(request.user, pk)
    if not case.is_draft:
        return redirect("cases:detail", pk=case.pk)
    document_types = list(case.program.required_documents.all())
    posted = request.method == "POST"
    form = CaseDraftForm(request.POST if posted else None, instance=case)
    files = DocumentsForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        document_types=document_types,
    )
    refusals = []
    if posted:
        saved = form.is_valid()
        # Save every valid field even when another one is refused: nothing typed is lost.
        stored = Case.objects.get(pk=case.pk)
        valid = form.cleaned_data
        try:
            services.case_save_draft(
                case=case,
                by=request.user,
                data={f: valid.get(f, getattr(stored, f)) for f in services.DRAFT_FIELDS},
                export_items=valid.get("export_items", stored.export_items.all()),
            )
        except services.CaseError as error:  # submitted by a colleague meanwhile
            for reason in error.reasons:
                messages.error(request, reason)
            return redirect("cases:detail", pk=case.pk)
        # Each file stands alone: a refused one is named next to its field, the rest is kept.
        for name, document_type, upload in files.uploads():
            try:
                services.document_add(
                    case=case, by=request.user, document_type=document_type, upload=upload
                )
            except services.CaseError as error:
                files.add_error(name, error.reasons)
        if saved and not files.errors:
            if request.POST.get("intent") != "submit":
                messages.success(request, _("The draft is saved."))
                return redirect("cases:edit", pk=case.pk)
            try:
                case = services.case_submit(case=case, by=request.user)
            except services.CaseError as error:
                refusals = error.reasons
            else:
                messages.success(
                    request,
                    _("Your application is submitted. Its reference is %(reference)s.")
                    % {"reference": case.reference},
                )
                return redirect("cases:detail", pk=case.pk)
    case.refresh_from_db()
    return render(
        request,
        "cases/edit.html",
        {
            "case": case,
            "form": form,
            "files": files,
            "documents": {d.document_type_id: d for d in case.documents.all()},
            "checklist": services.submission_checklist(case),
            "refusals": refusals,
        },
    )


@login_required
@require_GET
def document(request, pk, document_pk):
    """A document, to those who may see its case; never from a public URL."""
    case = get_case_for(request.user, pk)
    doc = get_object_or_404(case.documents, pk=document_pk)
    return FileResponse(
        doc.file.open("rb"),
        as_attachment=True,
        filename=download_name(doc.original_name, doc.content_type),
        content_type=doc.content_type,
    )


@login_required
@require_GET
def my_cases(request):
    cases = (
        Case.objects.filter(company__members__user=request.user)
        .select_related("program", "company")
        .order_by("-updated_at")
    )
    for case in cases:
        case.next_step = workflow.NEXT_STEP.get(case.state)
    return render(request, "cases/my_cases.html", {"cases": cases})


@login_required
@require_GET
def detail(request, pk):
    case = get_case_for(request.user, pk)
    events = case.events.select_related("actor")
    for event in events:
        event.label = workflow.EVENT_LABELS.get(event.action, event.action)
    can_withdraw, _reason = workflow.can(request.user, case, "withdraw")
    return render(
        request,
        "cases/detail.html",
        {
            "case": case,
            "events": events,
            "documents": case.documents.select_related("document_type"),
            "next_step": workflow.NEXT_STEP.get(case.state),
            "withdraw_form": WithdrawForm() if can_withdraw else None,
        },
    )


@login_required
@require_POST
def withdraw(request, pk):
    case = get_own_case(request.user, pk)
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            services.case_withdraw(case=case, by=request.user, reason=form.cleaned_data["reason"])
        except services.CaseError as error:
            for reason in error.reasons:
                messages.error(request, reason)
        else:
            messages.success(request, _("The application is withdrawn."))
    else:
        messages.error(request, _("Say why the application is withdrawn."))
    return redirect("cases:detail", pk=case.pk)
