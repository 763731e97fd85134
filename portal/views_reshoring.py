"""A reshoring case in the portal: the relocation plan (its application form), and the
relocation phase: milestones, evidence, tranches paid and what is to be paid back."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.decorators import verified_email_required
from cases import services as case_services
from cases import workflow
from cases.documents import download_name
from cases.errors import StaleCase
from cases.models import CaseState
from portal.forms import DocumentsForm, refuse_cut_uploads
from portal.reshoring_forms import ClosureReportForm, EvidenceForm, RelocationPlanForm
from portal.views import get_case_for, get_own_case
from programs.formatting import krw
from programs.models import Program
from reshoring import selectors, services
from reshoring.models import RelocationPlan


def plan_edit(request, case):
    """The draft of a reshoring case (portal:edit sends it here): the plan, the documents,
    save or submit. A refused plan is shown again as typed, with the reasons at its fields."""
    plan = RelocationPlan.objects.filter(case=case).first()
    posted = request.method == "POST"
    data = request.POST.copy() if posted else None
    form = RelocationPlanForm(data, instance=plan, case=case)
    files = DocumentsForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        document_types=list(case.program.required_documents.all()),
    )
    refusals, changes, status = [], [], 200
    if posted:
        refuse_cut_uploads(request, files)
        saved = form.is_valid()
        try:
            if saved:
                services.plan_save(
                    case=case,
                    by=request.user,
                    values=form.cleaned_data,
                    seen_version=form.cleaned_data.get("version"),
                )
            for name, document_type, upload in files.uploads():
                try:
                    case_services.document_add(
                        case=case, by=request.user, document_type=document_type, upload=upload
                    )
                except case_services.CaseError as error:
                    files.add_error(name, error.reasons)
        except StaleCase as error:
            # Nothing saved: what the colleague changed is listed, what this member typed is
            # kept, and the form takes the current version, so saving again is deliberate.
            refusals, changes, status, saved = error.reasons, error.changes, 409, False
        except case_services.CaseError as error:  # submitted by a colleague meanwhile
            for reason in error.reasons:
                messages.error(request, reason)
            return redirect("portal:detail", pk=case.pk)
        if saved and not files.errors:
            if request.POST.get("intent") != "submit":
                messages.success(request, _("The draft is saved."))
                return redirect("portal:edit", pk=case.pk)
            try:
                case = case_services.case_submit(case=case, by=request.user)
            except case_services.CaseError as error:
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
        # The form is shown again with what was typed and the version now stored: this
        # member's own uploads (or the colleague's save, now listed) are no longer news.
        data["version"] = case.version
    for event in changes:
        event.label = workflow.EVENT_LABELS.get(event.action, event.action)
    return render(
        request,
        "portal/relocation_plan.html",
        {
            "case": case,
            "form": form,
            "files": files,
            "documents": {d.document_type_id: d for d in case.documents.all()},
            "checklist": case_services.submission_checklist(case),
            "refusals": refusals if not changes else [],
            "stale": refusals if changes else [],
            "changes": changes,
        },
        status=status,
    )


def _relocation_page(request, case, *, bound=None, report=None, status=200):
    relocation = selectors.relocation_of(case)
    uploading = case.state == CaseState.RELOCATION and bool(
        workflow.APPLICANT in workflow.roles_of(request.user, case)
    )
    plan = relocation.plan
    reporting = uploading and plan and plan.schedule_fixed_at and relocation.recovery is None
    report_form = report or (ClosureReportForm() if reporting else None)
    for milestone in relocation.milestones:
        milestone.form = None
        if uploading and milestone.state != milestone.State.VERIFIED:
            if bound and bound[0] == milestone.pk:
                milestone.form = bound[1]
            else:
                milestone.form = EvidenceForm(milestone=milestone)
    return render(
        request,
        "portal/relocation.html",
        {"case": case, "relocation": relocation, "report_form": report_form},
        status=status,
    )


@login_required
@require_GET
def relocation(request, pk):
    """The company's view of its relocation: the plan, what is due, what was paid."""
    case = get_own_case(request.user, pk)
    if case.program.kind != Program.Kind.RESHORING:
        raise Http404
    return _relocation_page(request, case)


@verified_email_required
@require_POST
def evidence_upload(request, pk, milestone_pk):
    case = get_own_case(request.user, pk)
    milestone = get_object_or_404(case.milestones, pk=milestone_pk)
    form = EvidenceForm(request.POST, request.FILES, milestone=milestone)
    refuse_cut_uploads(request, form)
    if form.is_valid():
        try:
            services.evidence_add(
                milestone=milestone, by=request.user, upload=form.cleaned_data["evidence"]
            )
        except case_services.CaseError as error:
            for reason in error.reasons:
                form.add_error("evidence", reason)
        else:
            messages.success(
                request,
                _("The evidence for “%(milestone)s” is uploaded; a trade official verifies it.")
                % {"milestone": milestone.get_kind_display()},
            )
            return redirect("portal:relocation", pk=case.pk)
    return _relocation_page(request, case, bound=(milestone.pk, form), status=400)


@login_required
@require_GET
def evidence_file(request, pk, milestone_pk):
    """A milestone's evidence, to those who see the case (the company, its officials)."""
    case = get_case_for(request.user, pk)
    milestone = get_object_or_404(case.milestones.exclude(evidence=""), pk=milestone_pk)
    return FileResponse(
        milestone.evidence.open("rb"),
        as_attachment=True,
        filename=download_name(milestone.evidence_name, milestone.evidence_type),
        content_type=milestone.evidence_type,
    )


@verified_email_required
@require_POST
def closure_report(request, pk):
    """The company reports a closure or a shortfall: the obligations are checked at once."""
    case = get_own_case(request.user, pk)
    if case.program.kind != Program.Kind.RESHORING:
        raise Http404
    form = ClosureReportForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            recovery = services.closure_report(
                case=case,
                by=request.user,
                cause=data["cause"],
                realised_jobs=data["realised_jobs"] or 0,
                months_operated=data["months_operated"] or 0,
            )
        except case_services.CaseError as error:
            form.add_error(None, error.reasons)
        else:
            if recovery is None:
                message = _("Your report is recorded; nothing is to be paid back.")
            else:
                message = _(
                    "Your report is recorded. By the program's rules, %(amount)s is to be "
                    "paid back; your trade official will contact you."
                ) % {"amount": krw(recovery.amount)}
            messages.success(request, message)
            return redirect("portal:relocation", pk=case.pk)
    return _relocation_page(request, case, report=form, status=400)
