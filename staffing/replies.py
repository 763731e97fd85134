"""What the staffing pages say back: a service's refusal next to its field, a handover's sum."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cases import handover as handovers
from centers.models import StaffAssignment


def add_errors(form, error: ValidationError) -> None:
    """The service's refusal next to the field it names; anything else above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, messages_ in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages_)


def handover_message(handover: handovers.Handover) -> str:
    if not handover.cases:
        return _("They had no open cases at %(center)s.") % {"center": handover.center.name}
    parts = []
    if handover.recipients:
        parts.append(
            ngettext(
                "%(count)s open case handed over: %(to)s.",
                "%(count)s open cases handed over: %(to)s.",
                sum(handover.recipients.values()),
            )
            % {
                "count": sum(handover.recipients.values()),
                "to": ", ".join(f"{name} ({n})" for name, n in handover.recipients.items()),
            }
        )
    if handover.unassigned and handover_leads_left(handover):
        parts.append(
            ngettext(
                "%(count)s open case is now unassigned: no trade officer is left at "
                "%(center)s, only its lead, who can take it or assign it.",
                "%(count)s open cases are now unassigned: no trade officer is left at "
                "%(center)s, only its lead, who can take them or assign them.",
                handover.unassigned,
            )
            % {"count": handover.unassigned, "center": handover.center.name}
        )
    elif handover.unassigned:
        parts.append(
            ngettext(
                "%(count)s open case is now unassigned: no officer is left at %(center)s.",
                "%(count)s open cases are now unassigned: no officer is left at %(center)s.",
                handover.unassigned,
            )
            % {"count": handover.unassigned, "center": handover.center.name}
        )
    return " ".join(parts)


def handover_leads_left(handover: handovers.Handover) -> bool:
    """Whether the center still has a lead today: cases are spread among officers only, so
    "no officer is left" must not read as "nobody is left"."""
    return (
        StaffAssignment.objects.active_on()
        .filter(center=handover.center, role=StaffAssignment.Role.LEAD)
        .exists()
    )
