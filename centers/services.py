"""The writes of the centers app. Each is one transaction."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from accounts.security import Action, security_event_log
from accounts.services import EmailAlreadyRegistered, staff_account_create
from centers import notices
from centers.models import (
    CenterProvince,
    ChineseProvince,
    StaffAssignment,
    SupportCenter,
    TradeOfficial,
)


def _overlap_error(center: SupportCenter, provinces) -> ValidationError | None:
    """The clear refusal when another open center already covers one of the provinces."""
    taken = (
        CenterProvince.objects.filter(is_active=True, province__in=provinces)
        .exclude(center=center)
        .select_related("center")
        .order_by("province")
    )
    if not taken:
        return None
    return ValidationError(
        [
            _("%(province)s is already covered by %(center)s.")
            % {"province": ChineseProvince(row.province).label, "center": row.center.name}
            for row in taken
        ],
        code="jurisdiction_overlap",
    )


def _in_force(center: SupportCenter, provinces) -> None:
    """Make the rows of the jurisdiction count (or not) according to the center's status."""
    is_open = center.status == SupportCenter.Status.OPEN
    if is_open and (error := _overlap_error(center, provinces)):
        raise error
    try:
        with transaction.atomic():
            center.jurisdiction.update(is_active=is_open)
    except IntegrityError:
        # Another administrator took a province meanwhile: the constraint decided.
        raise _overlap_error(center, provinces) or ValidationError(
            _("Another center took one of these provinces meanwhile; try again.")
        ) from None


@transaction.atomic
def center_set_jurisdiction(*, center: SupportCenter, provinces: list[str]) -> None:
    """The provinces the center covers; refused, naming the other center, on overlap."""
    center.jurisdiction.exclude(province__in=provinces).delete()
    existing = set(center.jurisdiction.values_list("province", flat=True))
    CenterProvince.objects.bulk_create(
        CenterProvince(center=center, province=p) for p in provinces if p not in existing
    )
    _in_force(center, provinces)


@transaction.atomic
def center_set_status(*, center: SupportCenter, status: str) -> SupportCenter:
    """Open or close a center; its jurisdiction is in force exactly while it is open."""
    center = SupportCenter.objects.select_for_update().get(pk=center.pk)
    center.status = status
    today = timezone.localdate()
    if status == SupportCenter.Status.OPEN:
        center.opened_on = center.opened_on or today
        center.closed_on = None
    elif status == SupportCenter.Status.CLOSED:
        center.closed_on = today
    center.save(update_fields=["status", "opened_on", "closed_on"])
    _in_force(center, list(center.jurisdiction.values_list("province", flat=True)))
    return center


def _already_assigned(official: TradeOfficial) -> ValidationError:
    current = StaffAssignment.objects.current().filter(official=official).select_related("center")
    center = current[0].center if current else None
    if center is None:  # the other assignment is not committed yet: the constraint said so
        message = _("%(official)s was just assigned by someone else; look again.")
    else:
        message = _(
            "%(official)s already works at %(center)s; move them or end that assignment first."
        )
    return ValidationError(
        {"official": message % {"official": official, "center": center}}, code="assigned"
    )


@transaction.atomic
def staff_assign(
    *,
    official: TradeOfficial,
    center: SupportCenter,
    role: str,
    by,
    reason: str,
    starts_on: datetime.date | None = None,
) -> StaffAssignment:
    """Start the official's assignment at the center, from `starts_on` (today by default).

    Refused if the official works somewhere already, or is to start somewhere: an official
    has one assignment that is not ended.
    """
    today = timezone.localdate()
    starts_on = starts_on or today
    errors = {}
    if starts_on < today:
        errors["starts_on"] = _("An assignment cannot start in the past.")
    if not official.is_active:
        errors["official"] = _("%(official)s is not active.") % {"official": official}
    if center.status == SupportCenter.Status.CLOSED:
        errors["center"] = _("%(center)s is closed.") % {"center": center.name}
    if role not in StaffAssignment.Role.values:
        errors["role"] = _("Choose a role.")
    if not reason.strip():
        errors["reason"] = _("Say why.")
    if errors:
        raise ValidationError(errors)
    if StaffAssignment.objects.current().filter(official=official).exists():
        raise _already_assigned(official)
    try:
        # A savepoint: the constraint may refuse the row, and the caller's transaction lives on.
        with transaction.atomic():
            assignment = StaffAssignment.objects.create(
                official=official,
                center=center,
                role=role,
                starts_on=starts_on,
                assigned_by=by,
                reason=reason.strip(),
            )
    except IntegrityError:
        # Another administrator assigned the same official meanwhile: the database's
        # "one current assignment per official" decided, and this one lost.
        raise _already_assigned(official) from None
    security_event_log(
        action=Action.STAFF_ASSIGN,
        actor=by,
        obj=official,
        details={
            "center": center.code,
            "role": role,
            "starts_on": starts_on.isoformat(),
            "reason": assignment.reason,
        },
    )
    notices.assigned(assignment, by)
    return assignment


@transaction.atomic
def staff_end(
    *, assignment: StaffAssignment, by, reason: str, tell: bool = True
) -> StaffAssignment:
    """End the assignment today, recording who ended it and why; refused if it has ended.

    The official is told, unless `tell` is off (a move tells them of the new center instead).
    """
    assignment = StaffAssignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.ends_on is not None:
        raise ValidationError(
            _("This assignment ended on %(date)s already.") % {"date": assignment.ends_on},
            code="ended",
        )
    if not reason.strip():
        raise ValidationError({"reason": _("Say why.")})
    # An assignment planned to start later ends the day it would have started (the database
    # wants the end on or after the start); it is no longer current either way.
    assignment.ends_on = max(timezone.localdate(), assignment.starts_on)
    assignment.ended_by = by
    assignment.end_reason = reason.strip()
    assignment.save(update_fields=["ends_on", "ended_by", "end_reason"])
    security_event_log(
        action=Action.STAFF_END,
        actor=by,
        obj=assignment.official,
        details={
            "center": assignment.center.code,
            "role": assignment.role,
            "ends_on": assignment.ends_on.isoformat(),
            "reason": assignment.end_reason,
        },
    )
    if tell:
        notices.ended(assignment, by, reason.strip())
    return assignment


@transaction.atomic
def official_deactivate(*, official: TradeOfficial, by, reason: str) -> TradeOfficial:
    """Mark the official inactive: no center counts them from now on (centers.models.
    staffing_on). Their assignment and open cases are cases/handover.py's business."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why.")})
    # No key update: inserting a row that references the official does not wait for it.
    official = TradeOfficial.objects.select_for_update(no_key=True).get(pk=official.pk)
    if not official.is_active:
        raise ValidationError(
            _("%(official)s is inactive already.") % {"official": official}, code="inactive"
        )
    official.is_active = False
    official.save(update_fields=["is_active"])
    security_event_log(
        action=Action.OFFICIAL_DEACTIVATE, actor=by, obj=official, details={"reason": reason}
    )
    return official


@dataclass(frozen=True)
class CenterClosing:
    center: SupportCenter
    to_center: SupportCenter
    provinces: list  # the province codes moved to to_center
    assignments: list  # the staff's new assignments at to_center


@transaction.atomic
def center_close(*, center: SupportCenter, to_center: SupportCenter, by, reason: str):
    """Close the center; its jurisdiction and its staff (as officers) go to `to_center`.

    The open cases are cases/handover.py's business: it calls this, then moves them.
    """
    errors = {}
    if to_center.pk == center.pk:
        errors["to_center"] = _("Choose another center.")
    if not reason.strip():
        errors["reason"] = _("Say why.")
    if errors:
        raise ValidationError(errors)
    # Both centers, in the order of their ids: closing A into B and B into A at once queue
    # instead of deadlocking, and the second finds its center (or its receiver) closed.
    locked = SupportCenter.objects.select_for_update().filter(pk__in=[center.pk, to_center.pk])
    locked = {row.pk: row for row in locked.order_by("pk")}
    center, to_center = locked[center.pk], locked[to_center.pk]
    if center.status == SupportCenter.Status.CLOSED:
        raise ValidationError(_("%(center)s is closed already.") % {"center": center.name})
    if center.is_headquarters:
        raise ValidationError(
            _("The headquarters cannot close; make another center the headquarters first."),
            code="headquarters",
        )
    if to_center.status != SupportCenter.Status.OPEN:
        raise ValidationError(
            {"to_center": _("%(center)s is not open.") % {"center": to_center.name}}
        )
    provinces = list(center.jurisdiction.values_list("province", flat=True))
    center = center_set_status(center=center, status=SupportCenter.Status.CLOSED)
    center.jurisdiction.all().delete()
    kept = list(to_center.jurisdiction.values_list("province", flat=True))
    center_set_jurisdiction(center=to_center, provinces=kept + provinces)
    staff = (
        StaffAssignment.objects.current()
        .filter(center=center)
        .select_related("official__user")
        .select_for_update(of=("self",))
        .order_by("role", "pk")
    )
    today = timezone.localdate()
    assignments = []
    for assignment in staff:
        active = assignment.official.is_active
        # The move tells the official of their new center; someone inactive only of the end.
        staff_end(assignment=assignment, by=by, reason=reason, tell=not active)
        if active:
            new = staff_assign(
                official=assignment.official,
                center=to_center,
                role=StaffAssignment.Role.OFFICER,
                by=by,
                reason=reason,
                starts_on=max(today, assignment.starts_on),
            )
            assignments.append(new)
    security_event_log(
        action=Action.CENTER_CLOSE,
        actor=by,
        obj=center,
        label=center.name,
        details={"to_center": to_center.code, "provinces": provinces, "reason": reason.strip()},
    )
    return CenterClosing(center, to_center, sorted(set(provinces) - set(kept)), assignments)


@transaction.atomic
def official_add(
    *,
    full_name: str,
    email: str,
    language: str,
    title: str,
    languages: list[str],
    specialties,
    max_open_cases: int,
    by,
    base_url: str,
    center: SupportCenter | None = None,
    role: str = StaffAssignment.Role.OFFICER,
    starts_on: datetime.date | None = None,
    reason: str = "",
) -> TradeOfficial:
    """A new trade official: their account (they are mailed a link to choose a password once
    this commits), their profile and, if `center` is given, their first assignment.

    All or nothing: a refused assignment leaves no account behind and sends no mail.
    """
    try:
        user = staff_account_create(
            email=email,
            full_name=full_name.strip(),
            language=language,
            role=Role.TRADE_OFFICIAL,
            base_url=base_url,
        )
    except EmailAlreadyRegistered:
        raise ValidationError(
            {"email": _("An account with this e-mail address exists already.")},
            code="email_taken",
        ) from None
    official = TradeOfficial.objects.create(
        user=user, title=title.strip(), languages=languages, max_open_cases=max_open_cases
    )
    official.specialties.set(specialties)
    security_event_log(
        action=Action.OFFICIAL_ADD,
        actor=by,
        obj=official,
        details={"email": user.email, "title": official.title},
    )
    if center is not None:
        staff_assign(
            official=official,
            center=center,
            role=role,
            by=by,
            reason=reason,
            starts_on=starts_on,
        )
    return official
