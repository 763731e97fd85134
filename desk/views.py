"""The triage desk: the queue of cases, the case page for officials, and their actions."""

import csv
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts import otp
from accounts.decorators import second_factor_verified
from accounts.forms import SecondFactorForm
from accounts.security import Action, security_event_log
from cases import deciding, priority, services, sla, workflow
from cases.errors import CaseError, StaleCase
from cases.models import Case, CaseState, RejectionReason
from centers.models import TradeOfficial
from desk import queue
from desk.forms import ACTION_FORMS, BulkAssignForm, NoteForm


def desk_required(view_func):
    """Trade officials and administrators, with the second factor; visitors go to log in, a
    session without the second step to it, everyone else gets 403."""
    verified_view = second_factor_verified(view_func)

    @wraps(view_func)
    def _wrapped_view(request, *args, **kwargs):
        if not queue.may_use_desk(request.user):
            raise PermissionDenied
        return verified_view(request, *args, **kwargs)

    return login_required(_wrapped_view)


# The code field's prefix on the page that confirms a large approval (its other fields are
# the approval form's, carried over).
CONFIRM_PREFIX = "second_factor"


def _filtered(request):
    center_ids = queue.staffed_center_ids(request.user)
    return queue.DeskFilter(
        request.GET,
        queryset=queue.desk_cases(request.user, center_ids),
        user=request.user,
        center_ids=center_ids,
    ), center_ids


def _assignable_officials(center_ids):
    officials = TradeOfficial.objects.working_at(center_ids).select_related("user")
    return officials.order_by("user__full_name", "pk")


@desk_required
@require_GET
def queue_page(request):
    filterset, center_ids = _filtered(request)
    page = queue.page(
        filterset.qs, after=request.GET.get("after", ""), before=request.GET.get("before", "")
    )
    bulk_form = BulkAssignForm(
        cases=Case.objects.none(), officials=_assignable_officials(center_ids)
    )
    queue.quick_choices(bulk_form.fields["assignee"])
    return render(
        request,
        "desk/queue.html",
        {
            "filter": filterset,
            "page": page,
            "rows": queue.rows(page.cases, sla.today()),
            "bulk_form": bulk_form,
        },
    )


@desk_required
@require_POST
def bulk_assign(request):
    """Assign the ticked cases to one official; each case is its own transition."""
    center_ids = queue.staffed_center_ids(request.user)
    form = BulkAssignForm(
        request.POST,
        cases=queue.desk_cases(request.user, center_ids).filter(state__in=workflow.OPEN),
        officials=_assignable_officials(center_ids),
    )
    back = request.POST.get("next") or ""
    if not back.startswith("/desk/"):
        back = "desk:queue"
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back)
    done, refused = 0, []
    for case in form.cleaned_data["cases"]:
        action = "assign" if case.state == CaseState.SUBMITTED else "reassign"
        seen = form.seen_version(case)
        if seen is None:
            refused.append(
                _(
                    "%(reference)s: the page did not say which version of it you saw; it "
                    "was not assigned. Reload the queue and try again."
                )
                % {"reference": case.reference}
            )
            continue
        try:
            services.transition(
                case=case,
                action=action,
                by=request.user,
                seen_version=seen,
                assignee=form.cleaned_data["assignee"],
                reason=form.cleaned_data["reason"],
            )
            done += 1
        except StaleCase as error:
            refused.append(_stale_in_bulk(case, error.changes))
        except CaseError as error:
            refused.append(f"{case.reference}: {' '.join(error.reasons)}")
    if done:
        messages.success(
            request,
            _("%(count)s case(s) assigned to %(official)s.")
            % {"count": done, "official": form.cleaned_data["assignee"]},
        )
    for refusal in refused:
        messages.error(request, refusal)
    return redirect(back)


def _stale_in_bulk(case, changes) -> str:
    """What happened to a ticked case since the queue was shown, and that it was left."""
    what = "; ".join(
        _("%(change)s (%(person)s)")
        % {
            "change": workflow.EVENT_LABELS.get(event.action, event.action),
            "person": event.actor.full_name or event.actor.email,
        }
        for event in changes
    )
    return _(
        "%(reference)s changed in the meantime: %(changes)s. It was not assigned; look at "
        "it again before you assign it."
    ) % {"reference": case.reference, "changes": what}


class _Echo:
    def write(self, value):
        return value


def _cell(value) -> str:
    """A spreadsheet must not run a cell as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@desk_required
@require_GET
def export(request):
    """The filtered queue as CSV, streamed: all matching rows, in the queue's order."""
    filterset, _center_ids = _filtered(request)
    rows = (
        filterset.qs.order_by(*queue.ORDER)
        .select_related("company", "program", "center", "assigned_to__user")
        .iterator(chunk_size=2000)
    )
    header = [
        _("Reference"),
        _("Company"),
        _("Business registration number"),
        _("Program"),
        _("State"),
        _("Center"),
        _("Assigned to"),
        _("Priority"),
        _("Submitted"),
        _("Next deadline"),
        _("Amount requested (KRW)"),
    ]

    labels = queue.state_labels()

    def lines():
        writer = csv.writer(_Echo())
        yield "\ufeff" + writer.writerow(header)  # the BOM lets spreadsheets read Korean
        for case in rows:
            yield writer.writerow(
                _cell(value)
                for value in (
                    case.reference,
                    case.company.name,
                    case.company.business_number_display,
                    case.program.code,
                    labels[case.state],
                    case.center.code if case.center else "",
                    case.assigned_to or "",
                    case.priority,
                    timezone.localtime(case.submitted_at).isoformat(timespec="minutes"),
                    case.sla_due or "",
                    case.amount_requested,
                )
            )

    # Who took which cases out of the desk: the filters say which, the rows are not kept.
    security_event_log(
        action=Action.CSV_EXPORT,
        actor=request.user,
        details={"filters": {key: request.GET.getlist(key) for key in sorted(request.GET)}},
    )
    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    name = f"cases-{sla.today():%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


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


def _case_page(request, case, *, bound=None, stale=None, status=200, roles=None):
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
    events = list(case.events.select_related("actor"))
    for event in events:
        event.label = workflow.EVENT_LABELS.get(event.action, event.action)
        if roles.barred and event.action in workflow.INTERNAL_NOTES:
            event.note = ""  # the officials' deliberation is not for someone standing aside
    reasons = dict(RejectionReason.choices)
    proposals = list(case.recommendations.select_related("recommended_by", "resolved_by"))
    for proposal in proposals:
        proposal.reason_labels = [reasons.get(code, code) for code in proposal.reasons]
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
            "amount": f"{data.get('amount') or 0:,}",
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


@desk_required
@require_GET
def workflow_page(request):
    """The workflow drawn from the same table the services apply."""
    from desk.diagram import workflow_svg

    rows = [
        {
            "label": row.label,
            "sources": [CaseState(state).label for state in CaseState if state in row.sources],
            "target": CaseState(row.target).label if row.target else _("(stays where it is)"),
            "roles": [workflow.ROLE_NAMES[role] for role in sorted(row.roles)],
        }
        for row in workflow.TRANSITIONS
    ]
    return render(request, "desk/workflow.html", {"svg": workflow_svg(), "rows": rows})
