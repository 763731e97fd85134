"""The queue: the page, bulk assignment, the CSV, and the workflow's diagram."""

import csv

from django.contrib import messages
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.security import Action, security_event_log
from cases import services, sla, workflow
from cases.errors import CaseError, StaleCase
from cases.models import Case, CaseState
from centers.models import TradeOfficial
from desk import queue
from desk.access import desk_required
from desk.forms import BulkAssignForm
from programs.formatting import krw

_UNREAD = object()


def _filtered(request, centers=_UNREAD):
    centers = queue.staffed_centers(request.user) if centers is _UNREAD else centers
    center_ids = None if centers is None else list(centers)
    return queue.DeskFilter(
        request.GET,
        # Only a lead can be referred cases; may_assign says whether the user leads.
        queryset=queue.desk_cases(request.user, center_ids, leads=queue.may_assign(centers)),
        user=request.user,
        center_ids=center_ids,
    ), center_ids


def _assignable_officials(center_ids):
    officials = TradeOfficial.objects.working_at(center_ids).select_related("user")
    return officials.order_by("user__full_name", "pk")


def _bulk_form(center_ids, *, may_assign: bool) -> BulkAssignForm:
    """The bulk assignment form to show, its officials from the desk's kept list, and only
    to those who may assign (the form is not shown to the others)."""
    form = BulkAssignForm(cases=Case.objects.none(), officials=TradeOfficial.objects.none())
    assignee = form.fields["assignee"]
    queue.quick_choices(assignee)
    names = queue.assignees(center_ids) if may_assign else []
    assignee.widget.choices = [("", assignee.empty_label), *names] if names else []
    return form


@desk_required
@require_GET
def queue_page(request):
    centers = queue.staffed_centers(request.user)
    filterset, center_ids = _filtered(request, centers)
    page = queue.page(
        filterset.qs, after=request.GET.get("after", ""), before=request.GET.get("before", "")
    )
    may_assign = queue.may_assign(centers)
    bulk_form = _bulk_form(center_ids, may_assign=may_assign)
    rows = queue.rows(page.cases, sla.today(), names=filterset.names)
    return render(
        request,
        "desk/queue.html",
        {
            "filter": filterset,
            "page": page,
            "table_rows": queue.rows_markup(rows, may_assign=may_assign),
            "bulk_form": bulk_form,
            "may_assign": may_assign,
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
        _("Amount requested"),
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
                    case.program.name,
                    labels[case.state],
                    case.center.name if case.center else "",
                    case.assigned_to or "",
                    case.priority,
                    date_format(timezone.localtime(case.submitted_at), "SHORT_DATETIME_FORMAT"),
                    date_format(case.sla_due, "SHORT_DATE_FORMAT") if case.sla_due else "",
                    krw(case.amount_requested),
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
