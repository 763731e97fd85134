"""The guards and effects the workflow's rows name (cases/workflow.py); those of proposing
and deciding are in cases/deciding.py.

A guard reads the locked case, the person acting and what they entered, and returns the
reasons it refuses, in words for that person (an empty list lets the transition through).
An effect writes what the transition does besides changing the state, and may return a
note for the timeline; it tells nobody (the row's notices do, once the case is written).
Both run inside the one transaction of `services.transition`.
"""

from django.db.models import Count
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from cases import fields, recusal, sla
from cases.documents import store_document
from cases.models import Case, CaseState, InformationItem, InformationRequest
from centers import routing
from centers.models import StaffAssignment, TradeOfficial
from programs.eligibility import unmet_conditions

# What an official may ask the company to change: any field of the application.
REQUESTABLE_FIELDS = fields.APPLICATION_FIELDS

# Guards -------------------------------------------------------------------------------------


def application_complete(case, by, data) -> list:
    from cases.checklist import submission_checklist

    missing = [item.label for item in submission_checklist(case) if not item.done]
    return [str(r) for r in unmet_conditions(case.program, case.company)] + [
        _("Missing: %(item)s") % {"item": label} for label in missing
    ]


def reason_given(case, by, data) -> list:
    if not (data.get("reason") or "").strip():
        return [_("Say why.")]
    return []


def reason_given_when_reassigning(case, by, data) -> list:
    return reason_given(case, by, data) if case.assigned_to_id is not None else []


def official_of(user) -> TradeOfficial | None:
    return TradeOfficial.objects.filter(user=user, is_active=True).first()


def staffs_center(official, case) -> bool:
    return (
        official is not None
        and StaffAssignment.objects.active_on(sla.today())
        .filter(official=official, center_id=case.center_id)
        .exists()
    )


def assignee_staffs_the_center(case, by, data) -> list:
    assignee = data.get("assignee")
    if assignee is None:
        return [_("Choose the official who takes the case.")]
    if not staffs_center(assignee, case):
        return [
            _("%(official)s does not work at %(center)s.")
            % {"official": assignee, "center": case.center}
        ]
    if assignee.pk == case.assigned_to_id:
        return [_("The case is already assigned to %(official)s.") % {"official": assignee}]
    return []


def items_asked(case, by, data) -> list:
    reasons = []
    items = data.get("items") or []
    if not items:
        reasons.append(_("Ask for at least one thing: a field, a document or a question."))
    if any(item.get("field", "") not in ("", *REQUESTABLE_FIELDS) for item in items):
        reasons.append(_("Only the fields of the application can be asked for."))
    if not (data.get("message") or "").strip():
        reasons.append(_("Say why the information is needed."))
    due_on = data.get("due_on")
    if due_on is None or due_on <= sla.today():
        reasons.append(_("The answer must be due after today."))
    return reasons


def all_items_answered(case, by, data) -> list:
    request = open_request(case)
    if request is None:
        return [_("No information is requested.")]
    given = data.get("answers", {})
    missing = [item for item in request.items.all() if item.pk not in given]
    return [_("Not answered yet: %(item)s") % {"item": item_label(item)} for item in missing]


# Effects ------------------------------------------------------------------------------------


def open_cases_by_official(center) -> dict[int, int]:
    """The load the routing balances: open cases on each official's desk at the center.

    Read without a lock: two submissions at the same instant may both be suggested to the
    same official. It is a suggestion; the desk assigns.
    """
    rows = (
        Case.objects.open()
        .filter(center=center, suggested_official__isnull=False)
        .values("suggested_official")
        .annotate(count=Count("pk"))
    )
    return {row["suggested_official"]: row["count"] for row in rows}


def route(case, by, data):
    now = timezone.now()
    prefix = case.program.REFERENCE_PREFIXES[case.program.kind]
    case.reference = f"{prefix}-{timezone.localtime(now).year}-{case.pk:06d}"
    case.submitted_at = now
    destination = routing.route(
        province=case.target_province,
        sector=case.company.sector,
        loads_for=open_cases_by_official,
        exclude=recusal.barred_official_ids(case.company_id),
    )
    case.center, case.suggested_official = destination.center, destination.official
    submitted_on = sla.local_date(now)
    case.first_response_due = sla.add_business_days(
        submitted_on, case.program.sla_first_response_days
    )
    case.decision_due = sla.add_business_days(submitted_on, case.program.sla_decision_days)
    return str(case.center or "")


def _first_response(case):
    if case.first_response_at is None:
        case.first_response_at = timezone.now()


def take(case, by, data):
    official = official_of(by)
    case.assigned_to = case.suggested_official = official
    _first_response(case)


def assign(case, by, data):
    previous = case.assigned_to
    case.assigned_to = case.suggested_official = data["assignee"]
    if case.state == CaseState.IN_REVIEW or case.state == CaseState.SUBMITTED:
        _first_response(case)
    reason = (data.get("reason") or "").strip()
    if previous is not None:
        return str(
            _("From %(from)s to %(to)s: %(reason)s")
            % {"from": previous, "to": data["assignee"], "reason": reason}
        )
    return str(_("To %(official)s.") % {"official": data["assignee"]})


def request_information(case, by, data):
    request = InformationRequest.objects.create(
        case=case, message=data["message"].strip(), due_on=data["due_on"], requested_by=by
    )
    InformationItem.objects.bulk_create(
        InformationItem(request=request, **item) for item in data["items"]
    )
    _first_response(case)
    case.sla_paused_at = timezone.now()
    return request.message


def open_request(case) -> InformationRequest | None:
    return (
        case.information_requests.filter(answered_at__isnull=True)
        .prefetch_related("items__document_type")
        .first()
    )


def item_label(item) -> str:
    if item.kind == InformationItem.Kind.FIELD:
        return capfirst(str(Case._meta.get_field(item.field).verbose_name))
    if item.kind == InformationItem.Kind.DOCUMENT:
        return str(item.document_type)
    return item.question


def answer_information(case, by, data):
    """Write the company's answers: new field values, documents, replies; restart the clocks."""
    request = open_request(case)
    values = {}
    for item in request.items.all():
        answer = data["answers"][item.pk]
        if item.kind == InformationItem.Kind.FIELD:
            values[item.field] = answer
            if item.field not in fields.ROW_FIELDS:
                item.answer = ", ".join(str(i) for i in answer)
            else:
                item.answer = "" if answer is None else str(answer)
        elif item.kind == InformationItem.Kind.DOCUMENT:
            document = store_document(
                case=case, by=by, document_type=item.document_type, upload=answer
            )
            item.answer = document.original_name
        else:
            item.answer = answer.strip()
        item.save(update_fields=["answer"])
    fields.merge(case, values)
    request.answered_by, request.answered_at = by, timezone.now()
    request.save(update_fields=["answered_by", "answered_at"])
    resume_clocks(case)


def resume_clocks(case):
    if case.sla_paused_at is None:
        return
    held = sla.business_days_between(sla.local_date(case.sla_paused_at), sla.today())
    if case.decision_due is not None:
        case.decision_due = sla.add_business_days(case.decision_due, held)
    case.sla_paused_at = None


def stop_clocks(case, by, data):
    case.sla_paused_at = None
    return (data.get("reason") or "").strip()


def refresh_clock(case) -> None:
    """The running clock's deadline, from the state: none while the company has the case or
    once decided; the first response until an official acts; then the decision."""
    case.count_days()
    if case.state not in (
        CaseState.SUBMITTED,
        CaseState.IN_REVIEW,
        CaseState.RECOMMENDED,
    ):
        case.sla_due = None
    elif case.first_response_at is None:
        case.sla_due = case.first_response_due
    else:
        case.sla_due = case.decision_due
