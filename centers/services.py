"""The writes of the centers app. Each is one transaction."""

import datetime
import logging

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from centers import notices
from centers.models import (
    CenterProvince,
    ChineseProvince,
    StaffAssignment,
    SupportCenter,
    TradeOfficial,
)

logger = logging.getLogger(__name__)


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
    *, official: TradeOfficial, center: SupportCenter, role: str, by, reason: str
) -> StaffAssignment:
    """Start the official's assignment at the center, from today.

    Refused if the official works somewhere already: an official has one current assignment.
    """
    errors = {}
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
                starts_on=timezone.localdate(),
                assigned_by=by,
                reason=reason.strip(),
            )
    except IntegrityError:
        # Another administrator assigned the same official meanwhile: the database's
        # "one current assignment per official" decided, and this one lost.
        raise _already_assigned(official) from None
    notices.assigned(assignment, by)
    return assignment


@transaction.atomic
def staff_end(
    *,
    assignment: StaffAssignment,
    by,
    reason: str,
    on: datetime.date | None = None,
    tell: bool = True,
) -> StaffAssignment:
    """End the assignment on `on` (today by default); refused if it has ended already.

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
    assignment.ends_on = max(on or timezone.localdate(), assignment.starts_on)
    assignment.save(update_fields=["ends_on"])
    # StaffAssignment has no field for who ended it and why (yet): keep them in the log.
    logger.info(
        "Staff assignment %s ended on %s by user %s: %s",
        assignment.pk,
        assignment.ends_on,
        getattr(by, "pk", None),
        reason,
    )
    if tell:
        notices.ended(assignment, by, reason.strip())
    return assignment
