"""The case page for officials, and their actions on it."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts import otp
from accounts.forms import SecondFactorForm
from cases import deciding, priority, services, sla, workflow
from cases.errors import CaseError, StaleCase
from cases.models import Case, RejectionReason
from cases.timeline import timeline_events
from desk import queue
from desk.access import desk_required
from desk.forms import ACTION_FORMS, NoteForm
from programs.formatting import krw
from programs.models import Program

# The code field's prefix on the page that confirms a large approval (its other fields are
# the approval form's, carried over).
CONFIRM_PREFIX = "second_factor"


def action_form(action, case, data=None):
    """The action's form; its ids carry the action, as one page shows several forms."""
    return ACTION_FORMS[action](data, case=case, auto_id=f"id_{action}_%s")


def _desk_case(user, pk) -> Case:
    """The case if it belongs to a center the user staffs (administrators: any), else 404."""
    return get_object_or_404(
        queue.desk_cases(user).select_related(
            "program",
            "company__sector__parent",
            "center",
            "assigned_to__user",
            "suggested_official__user",
            "recommended_by",
            "decided_by",
        ),
        pk=pk,
    )


def _case_page(
    request, case, *, bound=None, stale=None, status=200, roles=None, relocation_bound=None
):
    """The case page; `bound` is the (action, form) just posted, shown with its errors.

    Only the staff's actions have forms here: someone who is also a member of the company
    withdraws or answers in the portal (and, being barred, has no staff action at all).
    """
    roles = workflow.roles_of(request.user, case) if roles is None else roles
    actions = workflow.actions_for(request.user, case, roles & workflow.STAFF)
    forms = []
    for transition in actions:
        if bound and bound[0] == transition.action:
            form = bound[1]
        else:
            form = action_form(transition.action, case)
        forms.append((transition, form))
    today = sla.today()
    events = timeline_events(case)
    for event in events:
        if roles.barred and event.action in workflow.INTERNAL_NOTES:
            event.note = ""  # the officials' deliberation is not for someone standing aside
    reasons = dict(RejectionReason.choices)
    proposals = list(case.recommendations.select_related("recommended_by", "resolved_by"))
    for proposal in proposals:
        proposal.reason_labels = [reasons.get(code, code) for code in proposal.reasons]
    relocation = None
    if case.program.kind == Program.Kind.RESHORING:
        from desk.views_reshoring import relocation_panel  # it imports from here

        relocation = relocation_panel(case, roles, relocation_bound)
    return render(
        request,
        "desk/case.html",
        {
            "case": case,
            "barred": roles.barred,
            "standing_in": roles.standing_in,
            "actions": forms,
            "stale": stale,
            "events": events,
            "proposals": proposals,
            "documents": case.documents.select_related("document_type"),
            "notes": case.internal_notes.select_related("author"),
            "note_form": bound[1] if bound and bound[0] == "note" else NoteForm(),
            "requests": case.information_requests.select_related(
                "requested_by", "answered_by"
            ).prefetch_related("items__document_type"),
            "priority_parts": priority.breakdown(case, today=today) if case.is_open else [],
            "flag": case.sla_flag(today),
            "export_items": case.export_items.all(),
            "relocation": relocation,
        },
        status=status,
    )


@desk_required
@require_GET
def case_page(request, pk):
    return _case_page(request, _desk_case(request.user, pk))


@desk_required
@require_POST
def act(request, pk, action):
    case = _desk_case(request.user, pk)
    if action not in ACTION_FORMS:
        raise Http404
    roles = workflow.roles_of(request.user, case)
    if roles.barred:
        return _case_page(request, case, roles=roles, status=403)
    form = action_form(action, case, request.POST)
    if not form.is_valid():
        return _case_page(request, case, bound=(action, form), status=400)
    data = form.service_data()
    if action == "approve" and deciding.needs_fresh_second_factor(case, data):
        asking = _second_factor_again(request, case, action, data)
        if asking is not None:
            return asking
    try:
        services.transition(
            case=case,
            action=action,
            by=request.user,
            seen_version=form.cleaned_data["version"],
            recently_verified=otp.recently_verified(request),
            **data,
        )
    except StaleCase as error:
        case = _desk_case(request.user, pk)
        for event in error.changes:
            event.label = workflow.EVENT_LABELS.get(event.action, event.action)
        form.add_error(None, error.reasons)
        return _case_page(request, case, bound=(action, form), stale=error.changes, status=409)
    except CaseError as error:
        for reason in error.reasons:
            form.add_error(None, reason)
        return _case_page(request, case, bound=(action, form), status=400)
    label = workflow.transitions_for(case.program.kind)[action].label
    messages.success(request, _("Done: %(action)s.") % {"action": label})
    try:
        return redirect("desk:case", pk=_desk_case(request.user, pk).pk)
    except Http404:  # e.g. handed to another center: the case is out of this desk's reach
        return redirect("desk:queue")


def _second_factor_again(request, case, action, data):
    """For a large approval: None when the session passed the second step recently or the
    code posted with the form is right; otherwise the page that asks for the code, carrying
    what the official entered so that nothing is typed twice."""
    if otp.recently_verified(request):
        return None
    posted = f"{CONFIRM_PREFIX}-code" in request.POST
    form = SecondFactorForm(request.POST if posted else None, prefix=CONFIRM_PREFIX)
    if form.is_valid():
        try:
            otp.otp_verify(request=request, token=form.cleaned_data["code"])
        except otp.SecondFactorRefused as refusal:
            form.add_error("code", refusal.message)
        else:
            return None
    carried = [
        (name, value)
        for name in request.POST
        if name != "csrfmiddlewaretoken" and not name.startswith(f"{CONFIRM_PREFIX}-")
        for value in request.POST.getlist(name)
    ]
    label = workflow.transitions_for(case.program.kind)[action].label
    return render(
        request,
        "desk/confirm_second_factor.html",
        {
            "case": case,
            "action": action,
            "label": label,
            "amount": krw(data.get("amount") or 0),
            "form": form,
            "carried": carried,
        },
        status=400 if posted else 200,
    )


@desk_required
@require_POST
def add_note(request, pk):
    case = _desk_case(request.user, pk)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _case_page(request, case, bound=("note", form), status=400)
    try:
        services.note_add(case=case, by=request.user, text=form.cleaned_data["text"])
    except CaseError:  # barred from the case: the page says why
        return _case_page(request, case, status=403)
    messages.success(request, _("The note is saved."))
    return redirect("desk:case", pk=case.pk)
