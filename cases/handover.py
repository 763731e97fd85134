"""Staffing changes that move cases: an official moved, released or deactivated, a center
closed. Each is one transaction: the staffing rows change through centers/services.py, the
cases here, each with its timeline row, and the people concerned are told.

They live in cases/ because centers/ may not know cases.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.security import Action, security_event_log
from cases import recusal, rules
from cases.models import Case
from cases.services import timeline_add
from centers import notices as centers_notices
from centers import routing
from centers import services as centers_services
from centers.models import StaffAssignment, SupportCenter, TradeOfficial


@dataclass(frozen=True)
class Handover:
    """What became of a leaving official's open cases at the center they left."""

    center: SupportCenter
    cases: int
    recipients: dict  # {TradeOfficial: number of cases}, in the order they were first given one

    @property
    def unassigned(self) -> int:
        return self.cases - sum(self.recipients.values())


def _leave(*, official: TradeOfficial, by, reason: str, handover_to, moving: bool) -> tuple:
    """Lock and end the official's current assignment; check the colleague taking over.

    Returns (the official, as locked, the ended assignment, its center).
    """
    # The official's row first, then their current assignment: two administrators moving
    # or deactivating the same official queue here, and the second finds no current row once
    # the first has committed. No key update, so inserting their new assignment (which
    # references the row) does not wait for this lock.
    official = TradeOfficial.objects.select_for_update(no_key=True).get(pk=official.pk)
    current = (
        StaffAssignment.objects.select_for_update(of=("self",))
        .select_related("center")
        .filter(official=official, ends_on__isnull=True)
        .first()
    )
    if current is None:
        raise ValidationError(
            _("%(official)s does not work at any center now (perhaps someone just moved them).")
            % {"official": official},
            code="not_assigned",
        )
    center = current.center
    # Then the center: every departure from one center queues, so the colleagues counted
    # below (and the one chosen) still work there when their new cases are committed.
    SupportCenter.objects.select_for_update().filter(pk=center.pk).first()
    if handover_to is not None:
        takes_over = (
            TradeOfficial.objects.working_at([center.pk], role=StaffAssignment.Role.OFFICER)
            .filter(pk=handover_to.pk)
            .exclude(pk=official.pk)
            .exists()
        )
        if not takes_over:
            raise ValidationError(
                {
                    "handover_to": _(
                        "%(colleague)s is not an active officer at %(center)s; choose a "
                        "colleague there, or let the cases be spread by load."
                    )
                    % {"colleague": handover_to, "center": center.name}
                },
                code="handover_elsewhere",
            )
    if not reason.strip():
        raise ValidationError({"reason": _("Say why.")})
    centers_services.staff_end(assignment=current, by=by, reason=reason, tell=not moving)
    return official, current, center


def _hand_over(*, official, center, by, reason: str, handover_to) -> Handover:
    """Give each of the official's open cases at the center to handover_to, or spread them."""
    cases = list(
        Case.objects.open()
        .filter(center=center, suggested_official=official)
        .select_related("company__sector")
        .select_for_update(of=("self",))
        .order_by("pk")
    )
    # Ended already, so officers_of() no longer counts the official; excluded all the same.
    officers = [o for o in routing.officers_of(center) if o.pk != official.pk]
    loads = rules.open_cases_by_official(center)
    recipients: dict = {}
    # Nobody is handed a case of a company they have a conflict of interest with.
    conflicts = recusal.barred_officials_by_company({case.company_id for case in cases})
    for case in cases:
        barred = conflicts.get(case.company_id, set())
        if handover_to is not None and handover_to.pk not in barred:
            recipient = handover_to
        else:
            recipient = routing.suggest_official(officers, case.company.sector, loads, barred)
        case.suggested_official = recipient
        if case.assigned_to_id is not None:
            case.assigned_to = recipient
        case.save(update_fields=["suggested_official", "assigned_to"])
        if recipient is not None:
            loads[recipient.pk] = loads.get(recipient.pk, 0) + 1
            recipients[recipient] = recipients.get(recipient, 0) + 1
        timeline_add(
            case,
            action="handover",
            by=by,
            note=_("From %(from)s to %(to)s: %(reason)s")
            % {
                "from": official,
                "to": recipient if recipient is not None else _("nobody (unassigned)"),
                "reason": reason.strip(),
            },
        )
    if cases:
        security_event_log(
            action=Action.CASES_HANDED_OVER,
            actor=by,
            obj=official,
            details={
                "center": center.code,
                "cases": [case.reference for case in cases],
                "to": {str(recipient.pk): count for recipient, count in recipients.items()},
            },
        )
    for recipient, count in recipients.items():
        centers_notices.handed_over(
            recipient, official=official, center=center, count=count, reason=reason.strip()
        )
    return Handover(center=center, cases=len(cases), recipients=recipients)


@transaction.atomic
def official_move(
    *,
    official: TradeOfficial,
    to_center: SupportCenter,
    role: str,
    by,
    reason: str,
    handover_to: TradeOfficial | None = None,
) -> Handover:
    """Move the official to another center, as one act.

    Ends the current assignment today, starts the one at `to_center`, and hands over the
    official's open cases at the old center: to `handover_to` (an active officer there), else
    spread by load among the officers there, else (nobody left) unassigned.
    """
    if to_center.status == SupportCenter.Status.CLOSED:
        raise ValidationError(
            {"to_center": _("%(center)s is closed.") % {"center": to_center.name}}
        )
    official, _assignment, center = _leave(
        official=official, by=by, reason=reason, handover_to=handover_to, moving=True
    )
    if center.pk == to_center.pk:
        raise ValidationError(
            {
                "to_center": _("%(official)s already works at %(center)s.")
                % {"official": official, "center": center.name}
            }
        )
    centers_services.staff_assign(
        official=official, center=to_center, role=role, by=by, reason=reason
    )
    security_event_log(
        action=Action.STAFF_MOVE,
        actor=by,
        obj=official,
        details={"from_center": center.code, "to_center": to_center.code, "role": role},
    )
    return _hand_over(
        official=official, center=center, by=by, reason=reason, handover_to=handover_to
    )


@transaction.atomic
def official_release(
    *, official: TradeOfficial, by, reason: str, handover_to: TradeOfficial | None = None
) -> Handover:
    """End the official's current assignment today and hand over their open cases there."""
    official, _assignment, center = _leave(
        official=official, by=by, reason=reason, handover_to=handover_to, moving=False
    )
    return _hand_over(
        official=official, center=center, by=by, reason=reason, handover_to=handover_to
    )


@transaction.atomic
def official_deactivate(
    *, official: TradeOfficial, by, reason: str, handover_to: TradeOfficial | None = None
) -> list[Handover]:
    """Deactivate the official: their assignment ends today, and their open cases are handed
    over as in a move, to `handover_to` (at their current center) or spread by load.

    Returns one Handover per center where they had open cases (usually their current one).
    """
    official = centers_services.official_deactivate(official=official, by=by, reason=reason)
    handovers = []
    left = None
    if StaffAssignment.objects.current().filter(official=official).exists():
        official, _assignment, left = _leave(
            official=official, by=by, reason=reason, handover_to=handover_to, moving=False
        )
        handovers.append(
            _hand_over(
                official=official, center=left, by=by, reason=reason, handover_to=handover_to
            )
        )
    # Open cases left with them at other centers (from before handovers were kept): those too.
    elsewhere = (
        SupportCenter.objects.filter(
            pk__in=Case.objects.open().filter(suggested_official=official).values("center")
        )
        .exclude(pk=getattr(left, "pk", None))
        .order_by("pk")
    )
    for center in elsewhere:
        handovers.append(
            _hand_over(official=official, center=center, by=by, reason=reason, handover_to=None)
        )
    return handovers


@dataclass(frozen=True)
class Closure:
    """What closing a center moved to the center taking over."""

    center: SupportCenter
    to_center: SupportCenter
    cases: int
    staff: list  # the officials who now work at to_center, in the order they were moved
    provinces: list  # the province codes to_center now covers in addition


@transaction.atomic
def center_close(*, center: SupportCenter, to_center: SupportCenter, by, reason: str) -> Closure:
    """Close the center; its provinces, staff and open cases go to `to_center`, in one act.

    The staff start there as officers, each keeping their open cases; cases of nobody (or of
    someone who did not move) are spread by load among the officers there. Each case gets a
    timeline row; the staff moved, the officials given cases and the leads there are told.
    """
    closing = centers_services.center_close(
        center=center, to_center=to_center, by=by, reason=reason
    )
    center, to_center = closing.center, closing.to_center
    moved = {assignment.official_id for assignment in closing.assignments}
    cases = list(
        Case.objects.open()
        .filter(center=center)
        .select_related("company__sector", "suggested_official__user")
        .select_for_update(of=("self",))
        .order_by("pk")
    )
    officers = routing.officers_of(to_center)
    loads = rules.open_cases_by_official(to_center)
    given: dict = {}
    conflicts = recusal.barred_officials_by_company({case.company_id for case in cases})
    for case in cases:
        case.center = to_center
        barred = conflicts.get(case.company_id, set())
        if case.suggested_official_id not in moved or case.suggested_official_id in barred:
            recipient = routing.suggest_official(officers, case.company.sector, loads, barred)
            case.suggested_official = recipient
            if case.assigned_to_id is not None:
                case.assigned_to = recipient
            if recipient is not None:
                loads[recipient.pk] = loads.get(recipient.pk, 0) + 1
                given[recipient] = given.get(recipient, 0) + 1
        case.save(update_fields=["center", "suggested_official", "assigned_to"])
        timeline_add(
            case,
            action="transfer",
            by=by,
            note=_("From %(from)s, closed, to %(to)s (%(official)s): %(reason)s")
            % {
                "from": center.name,
                "to": to_center.name,
                "official": case.suggested_official or _("unassigned"),
                "reason": reason.strip(),
            },
        )
    for recipient, count in given.items():
        centers_notices.cases_transferred(
            recipient, center=center, to_center=to_center, count=count, reason=reason.strip()
        )
    staff = [assignment.official for assignment in closing.assignments]
    centers_notices.center_closed(
        center=center,
        to_center=to_center,
        by=by,
        cases=len(cases),
        staff=len(staff),
        reason=reason.strip(),
    )
    return Closure(center, to_center, len(cases), staff, closing.provinces)
