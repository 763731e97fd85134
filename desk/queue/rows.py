"""What a row of the queue shows, as plain values ready to print."""

import datetime

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext

from cases import sla
from cases.models import CaseState

# What a row of the queue shows (templates/desk/queue.html), and nothing more: the case's
# wide text columns and the related rows' descriptions would cost more to read and build
# than the query itself. A new column needs its field here.
ROW_RELATIONS = ("company", "program", "center", "assigned_to__user")
ROW_FIELDS = (
    "reference",
    "state",
    "priority",
    "submitted_at",
    "sla_due",
    "version",
    *ROW_RELATIONS,
    "company__name_ko",
    "company__name_en",
    "company__business_number",
    "program__code",
    "program__name_ko",
    "program__name_en",
    "program__name_zh",
    "center__code",
    "center__name_ko",
    "center__name_en",
    "center__name_zh",
    "assigned_to__user__full_name",
    "assigned_to__user__email",
)


def state_labels() -> dict[str, str]:
    """Each state's label in the current language, for lists: get_state_display() would
    translate every label to find one, for each row."""
    return {value: str(label) for value, label in CaseState.choices}


def rows(cases, today: datetime.date) -> list[dict]:
    """What each row of the queue shows, ready to print in the current language.

    Plain values rather than the cases themselves: for fifty rows, the template's lookups
    on model instances, its tags and its per-value localization cost more than the
    queue's query. templates/desk/queue.html prints these keys; ROW_FIELDS reads them.
    A page's rows share a few programs, centers, dates and waits: each is worked out once
    a page (a URL, a date, a business-day count, a translation), not once a row.
    """
    states = state_labels()
    pick_label = gettext("Select %(reference)s")
    head, tail = _case_url_parts()
    programs, centers, dates, waits, labels = {}, {}, {}, {}, {}
    shown = []
    for case in cases:
        submitted = sla.local_date(case.submitted_at)
        if submitted not in waits:
            waits[submitted] = sla.business_days_between(submitted, today)
        waited = waits[submitted]
        if waited not in labels:
            labels[waited] = ngettext("%(days)s day", "%(days)s days", waited) % {"days": waited}
        if case.program_id not in programs:
            programs[case.program_id] = case.program.name
        if case.center_id not in centers:
            centers[case.center_id] = case.center.name if case.center else "—"
        due = case.sla_due
        if due not in dates:
            dates[due] = date_format(due, "SHORT_DATE_FORMAT") if due else ""
        shown.append(
            {
                "pk": case.pk,
                "version": case.version,  # carried by bulk assignment: a case changed since is left
                "reference": case.reference,
                "url": f"{head}{case.pk}{tail}",
                "pick_label": pick_label % {"reference": case.reference},
                "company": case.company.name,
                "business_number": case.company.business_number_display,
                "program": programs[case.program_id],
                "state": states[case.state],
                "center": centers[case.center_id],
                "assigned_to": str(case.assigned_to) if case.assigned_to else "",
                "priority": case.priority,
                "waited": labels[waited],
                "due": dates[due],
                "flag": case.sla_flag(today),
            }
        )
    return shown


# An id no case has, to cut the case page's URL around: one reverse() a page, not a row.
_NO_CASE = 9_876_543_210_123


def _case_url_parts() -> tuple[str, str]:
    head, _id, tail = reverse("desk:case", args=[_NO_CASE]).rpartition(str(_NO_CASE))
    return head, tail


def waited_days(case, today: datetime.date) -> int:
    return sla.business_days_between(sla.local_date(case.submitted_at), today)
