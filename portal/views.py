from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import OuterRef, Prefetch, Subquery
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import verified_email_required
from applicants.models import Company
from cases import rules, selectors, services, workflow
from cases.documents import download_name
from cases.errors import StaleCase
from cases.models import (
    Case,
    CaseState,
    InformationItem,
    InformationRequest,
    RejectionReason,
)
from cases.timeline import timeline_events
from portal.forms import (
    CaseDraftForm,
    DocumentsForm,
    InformationAnswerForm,
    WithdrawForm,
    refuse_cut_uploads,
)
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
        "portal/catalog.html",
        {"filter": filterset, "programs": programs, "companies": companies},
    )


@require_GET
def program_detail(request, code):
    program = get_object_or_404(Program.objects.for_catalog(), code=code)
    companies = selectors.companies_for_eligibility(request.user)
    [program] = selectors.with_eligibility([program], companies)
    return render(request, "portal/program_detail.html", {"program": program})


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
        return redirect("portal:program", code=program.code)
    return redirect("portal:edit", pk=case.pk)


@verified_email_required
@require_http_methods(["GET", "POST"])
def edit(request, pk):
    """The draft: its fields, its documents and what is missing, saved and submitted here."""
    case = get_own_case(request.user, pk)
    if not case.is_draft:
        return redirect("portal:detail", pk=case.pk)
    if case.program.kind == Program.Kind.RESHORING:
        from portal.views_reshoring import plan_edit  # it imports from here

        return plan_edit(request, case)
    document_types = list(case.program.required_documents.all())
    posted = request.method == "POST"
    data = request.POST.copy() if posted else None
    form = CaseDraftForm(data, instance=case)
    files = DocumentsForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        document_types=document_types,
    )
    refusals, changes, status = [], [], 200
    if posted:
        refuse_cut_uploads(request, files)
        saved = form.is_valid()
        # Save every valid field even when another one is refused: nothing typed is lost.
        try:
            case = services.case_save_draft(
                case=case,
                by=request.user,
                values=form.cleaned_data,
                seen_version=form.cleaned_data.get("version"),
            )
        except StaleCase as error:
            # Nothing saved: the page shows what the colleague changed, keeps what this
            # member typed, and takes the current version, so saving again is deliberate.
            refusals, changes, status = error.reasons, error.changes, 409
            saved = False
        except services.CaseError as error:  # submitted by a colleague meanwhile
            for reason in error.reasons:
                messages.error(request, reason)
            return redirect("portal:detail", pk=case.pk)
        else:
            # Each file stands alone: a refused one is named next to its field, the rest kept.
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
                return redirect("portal:edit", pk=case.pk)
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
                return redirect("portal:detail", pk=case.pk)
    case.refresh_from_db()
    if posted:
        # The form is shown again with what was typed, and the version now stored: the
        # member's own save (or the colleague's, now shown to them) is no longer news.
        data["version"] = case.version
    for event in changes:
        event.label = workflow.EVENT_LABELS.get(event.action, event.action)
    return render(
        request,
        "portal/edit.html",
        {
            "case": case,
            "form": form,
            "files": files,
            "documents": {d.document_type_id: d for d in case.documents.all()},
            "checklist": services.submission_checklist(case),
            "refusals": refusals if not changes else [],
            "stale": refusals if changes else [],
            "changes": changes,
        },
        status=status,
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
    waiting = InformationRequest.objects.filter(case=OuterRef("pk"), answered_at__isnull=True)
    cases = (
        Case.objects.filter(company__members__user=request.user)
        .select_related("program", "company")
        .annotate(answer_by=Subquery(waiting.values("due_on")[:1]))
        .order_by("-updated_at")
    )
    for case in cases:
        case.next_step = workflow.NEXT_STEP.get(case.state)
    return render(request, "portal/my_cases.html", {"cases": cases})


def timeline(case) -> list:
    """The case's timeline as a company reads it: labelled, and without the notes that are
    for officials only (the entry shows, its note does not)."""
    events = timeline_events(case)
    for event in events:
        event.public_note = "" if event.action in workflow.INTERNAL_NOTES else event.note
    return events


def decision_of(case) -> str | None:
    """The decision, "approved" or "rejected", once there is one (a closed file keeps it);
    None before. A proposal is not a decision: the company sees nothing of it."""
    if case.state == CaseState.APPROVED:
        return "approved"
    if case.state == CaseState.REJECTED:
        return "rejected"
    if case.state == CaseState.CLOSED and case.decided_at is not None:
        return "approved" if case.approved_amount is not None else "rejected"
    return None


def rejection_reason_labels(case) -> list[str]:
    labels = dict(RejectionReason.choices)
    return [labels.get(reason, reason) for reason in case.rejection_reasons]


@login_required
@require_GET
def detail(request, pk):
    case = get_case_for(request.user, pk)
    roles = workflow.roles_of(request.user, case)
    can_withdraw, _reason = workflow.can(request.user, case, "withdraw", roles=roles)
    can_answer, _reason = workflow.can(request.user, case, "answer_info", roles=roles)
    requests = list(
        case.information_requests.select_related("answered_by").prefetch_related(
            Prefetch("items", queryset=InformationItem.objects.select_related("document_type"))
        )
    )
    for information_request in requests:
        for item in information_request.items.all():
            item.label = rules.item_label(item)
    open_request = next((r for r in requests if r.answered_at is None), None)
    decision = decision_of(case)
    return render(
        request,
        "portal/detail.html",
        {
            "case": case,
            "events": timeline(case),
            "documents": case.documents.select_related("document_type"),
            "export_items": case.export_items.all(),
            "next_step": workflow.NEXT_STEP.get(case.state),
            "withdraw_form": WithdrawForm() if can_withdraw else None,
            "open_request": open_request if case.state == CaseState.INFO_REQUESTED else None,
            "can_answer": can_answer,
            "is_member": workflow.APPLICANT in roles,
            "past_requests": [r for r in requests if r.answered_at is not None],
            "decision": decision,
            "rejection_reasons": rejection_reason_labels(case) if decision == "rejected" else [],
            # Issue 15: what the company exported after its approval (insights' rows); only
            # an approved case is ever asked, so the others cost no query.
            "outcome_reports": list(case.outcome_reports.all())
            if case.approved_amount is not None
            else [],
            "can_report": workflow.APPLICANT in roles,
        },
    )


@verified_email_required
@require_http_methods(["GET", "POST"])
def answer(request, pk):
    """The company's answer to the open information request: the asked fields, prefilled;
    a file per asked document; a reply per question. The rest of the application is shown
    locked."""
    case = get_own_case(request.user, pk)
    information_request = rules.open_request(case)
    if case.state != CaseState.INFO_REQUESTED or information_request is None:
        messages.info(request, _("No information is requested from your company now."))
        return redirect("portal:detail", pk=case.pk)
    posted = request.method == "POST"
    form = InformationAnswerForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        case=case,
        information_request=information_request,
    )
    refusals, changes = [], []
    if posted:
        refuse_cut_uploads(request, form)
    if posted and form.is_valid():
        try:
            services.case_answer(
                case=case,
                by=request.user,
                seen_version=form.cleaned_data["version"],
                answers=form.answers(),
            )
        except StaleCase as error:
            refusals, changes = error.reasons, error.changes
            case.refresh_from_db()
            if case.state != CaseState.INFO_REQUESTED:
                for reason in refusals:
                    messages.error(request, reason)
                return redirect("portal:detail", pk=case.pk)
            # Shown what changed, the company may send the same answers again.
            data = request.POST.copy()
            data["version"] = case.version
            form = InformationAnswerForm(
                data, request.FILES, case=case, information_request=information_request
            )
        except services.CaseError as error:
            refusals = error.reasons
        else:
            messages.success(
                request, _("Your answers are sent. The trade official continues the review.")
            )
            return redirect("portal:detail", pk=case.pk)
    for event in changes:
        event.label = workflow.EVENT_LABELS.get(event.action, event.action)
    return render(
        request,
        "portal/answer.html",
        {
            "case": case,
            "information_request": information_request,
            "form": form,
            "documents": case.documents.select_related("document_type"),
            "refusals": refusals,
            "changes": changes,
        },
    )


@login_required
@require_GET
def letter(request, pk):
    """The decision letter, to print: for the company and for the officials who see the case."""
    case = get_object_or_404(
        Case.objects.visible_to(request.user).select_related(
            "program", "company", "center", "decided_by__trade_official"
        ),
        pk=pk,
    )
    decision = decision_of(case)
    if decision is None:
        raise Http404
    signatory = case.decided_by
    official = getattr(signatory, "trade_official", None) if signatory else None
    return render(
        request,
        "portal/letter.html",
        {
            "case": case,
            "decision": decision,
            "rejection_reasons": rejection_reason_labels(case) if decision == "rejected" else [],
            "signatory": signatory,
            "signatory_title": official.title if official else _("Administrator"),
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
    return redirect("portal:detail", pk=case.pk)
