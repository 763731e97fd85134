"""What staffing tells the officials concerned, through notifications."""

from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from centers.models import StaffAssignment, TradeOfficial
from notifications.kinds import Kind, register
from notifications.services import notify

STAFF = frozenset({Role.TRADE_OFFICIAL})

register(
    Kind(
        "staff_assigned",
        _("You are assigned to a center"),
        _("You now work at %(center)s"),
        _("%(by)s assigned you to %(center)s as %(role)s from %(date)s.\nReason: %(reason)s"),
        roles=STAFF,
    ),
    Kind(
        "staff_ended",
        _("Your assignment at a center ends"),
        _("Your assignment at %(center)s ends"),
        _(
            "%(by)s ended your assignment at %(center)s on %(date)s.\nReason: %(reason)s\n"
            "Your open cases there are handed over to colleagues."
        ),
        roles=STAFF,
    ),
    Kind(
        "cases_handed_over",
        _("Cases are handed over to you"),
        _("%(count)s case(s) of %(official)s handed over to you"),
        _(
            "%(official)s no longer works at %(center)s; %(count)s of their open case(s) are "
            "now on your desk.\nReason: %(reason)s"
        ),
        roles=STAFF,
    ),
    Kind(
        "cases_transferred",
        _("Cases of a closed center come to you"),
        _("%(count)s case(s) of %(center)s handed over to you"),
        _(
            "%(center)s is closed; %(count)s of its open case(s) are now on your desk at "
            "%(to_center)s.\nReason: %(reason)s"
        ),
        roles=STAFF,
    ),
    Kind(
        "center_closed",
        _("A closed center's cases and staff come to your center"),
        _("%(center)s is closed: its cases and staff come to %(to_center)s"),
        _(
            "%(by)s closed %(center)s. Its %(cases)s open case(s) and %(staff)s official(s) "
            "now belong to %(to_center)s, and so do its provinces.\nReason: %(reason)s"
        ),
        roles=STAFF,
    ),
)


def assigned(assignment, by) -> None:
    notify(
        [assignment.official.user],
        "staff_assigned",
        {
            "by": by,
            # Objects and lazy labels: notify() renders them in the official's language.
            "center": assignment.center,
            "role": StaffAssignment.Role(assignment.role).label,
            "date": assignment.starts_on,
            "reason": assignment.reason,
        },
        "/desk/",
    )


def ended(assignment, by, reason: str) -> None:
    notify(
        [assignment.official.user],
        "staff_ended",
        {"by": by, "center": assignment.center, "date": assignment.ends_on, "reason": reason},
    )


def handed_over(recipient, *, official, center, count: int, reason: str) -> None:
    notify(
        [recipient.user],
        "cases_handed_over",
        {"official": official, "center": center, "count": count, "reason": reason},
        "/desk/?assigned=me",
    )


def cases_transferred(recipient, *, center, to_center, count: int, reason: str) -> None:
    notify(
        [recipient.user],
        "cases_transferred",
        {"center": center, "to_center": to_center, "count": count, "reason": reason},
        "/desk/?assigned=me",
    )


def center_closed(*, center, to_center, by, cases: int, staff: int, reason: str) -> None:
    """Tell the leads of the center taking over."""
    leads = TradeOfficial.objects.working_at([to_center.pk], role=StaffAssignment.Role.LEAD)
    notify(
        [lead.user for lead in leads.select_related("user")],
        "center_closed",
        {
            "by": by,
            "center": center,
            "to_center": to_center,
            "cases": cases,
            "staff": staff,
            "reason": reason,
        },
        "/desk/",
    )
