"""What a row of the queue shows, as plain values ready to print."""

import datetime

from django.db.models import Count
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.formats import get_format
from django.utils.translation import get_language, gettext, ngettext

from applicants.validators import format_business_number
from cases import sla
from cases.models import OPEN_STATES, CaseState
from centers.models import SupportCenter
from programs.models import Program
from reshoring.models import Milestone

# What a row of the queue reads (desk/queue/table.py prints it), as plain values and
# nothing more. The case with its company and its official: model instances would cost
# more to build than the query. Program and center names come from the catalog the
# filter already holds (desk.queue.options); joining their tables too would cost
# PostgreSQL more to plan than to run. A new column needs its field here.
ROW_VALUES = (
    "id",
    "reference",
    "state",
    "priority",
    "submitted_at",
    "sla_due",
    "version",
    "program_id",
    "center_id",
    "company__name_ko",
    "company__name_en",
    "company__business_number",
    "assigned_to__user__full_name",
    "assigned_to__user__email",
)


def state_labels() -> dict[str, str]:
    """Each state's label in the current language, for lists: get_state_display() would
    translate every label to find one, for each row."""
    return {value: str(label) for value, label in CaseState.choices}


def rows(cases: list[dict], today: datetime.date, *, names: dict[str, dict]) -> list[dict]:
    """What each row of the queue shows, ready to print in the current language.

    `cases` are the page's ROW_VALUES; `names` the programs' and the centers' names by id
    ({"program": {id: name}, "center": {id: name}}), as the filter keeps them. A name not
    there yet (saved in another process within the catalog's minute) is read here, and
    the decided cases' late relocation milestones are counted in one query.
    A page's rows share a few programs, centers, dates and waits: each is worked out once
    a page (a URL, a date, a business-day count, a translation), not once a row.
    """
    states = state_labels()
    running = set(OPEN_STATES)
    pick_label = gettext("Select %(reference)s")
    head, tail = _case_url_parts()
    programs = _complete(names.get("program", {}), Program, {c["program_id"] for c in cases})
    centers = _complete(names.get("center", {}), SupportCenter, {c["center_id"] for c in cases})
    # As Company.name: the English name on English and Chinese pages, else the Korean.
    company = (
        "company__name_en"
        if (get_language() or "ko").startswith(("en", "zh"))
        else "company__name_ko"
    )
    # Milestones are set once a reshoring case is approved: an open case has none late.
    late = _late_milestones([c["id"] for c in cases if c["state"] not in running], today)
    short_date = get_format("SHORT_DATE_FORMAT")
    seoul = timezone.get_current_timezone()  # as sla.local_date, looked up once
    dates, waits, labels = {}, {}, {}
    shown = []
    for case in cases:
        submitted = case["submitted_at"].astimezone(seoul).date()
        if submitted not in waits:
            waits[submitted] = sla.business_days_between(submitted, today)
        waited = waits[submitted]
        if waited not in labels:
            labels[waited] = ngettext("%(days)s day", "%(days)s days", waited) % {"days": waited}
        due = case["sla_due"]
        if due not in dates:
            dates[due] = dateformat.format(due, short_date) if due else ""
        reference = case["reference"]
        shown.append(
            {
                "pk": case["id"],
                # Carried by bulk assignment: a case changed since the page is left alone.
                "version": case["version"],
                "reference": reference,
                "url": f"{head}{case['id']}{tail}",
                "pick_label": pick_label % {"reference": reference},
                "company": case[company],
                "business_number": format_business_number(case["company__business_number"]),
                "program": programs[case["program_id"]],
                "state": states[case["state"]],
                "center": centers.get(case["center_id"], "—"),
                # As an official's str(): the name, or the address of one who gave none.
                "assigned_to": case["assigned_to__user__full_name"]
                or case["assigned_to__user__email"]
                or "",
                "priority": case["priority"],
                "waited": labels[waited],
                "due": dates[due],
                "flag": sla.flag(due if case["state"] in running else None, today),
                "milestones_late": late.get(case["id"], 0),
            }
        )
    return shown


def _late_milestones(case_ids: list[int], today: datetime.date) -> dict[int, int]:
    """{case id: its relocation milestones that are late}, for those that have any; one
    query, and none for a page of open cases (the queue's default)."""
    if not case_ids:
        return {}
    late = Milestone.objects.late(today).filter(case_id__in=case_ids)
    return dict(late.order_by().values_list("case_id").annotate(count=Count("pk")))


def _complete(known: dict, model, wanted: set) -> dict:
    """`known` names with those of the `wanted` ids it lacks read from `model`."""
    missing = wanted - known.keys() - {None}
    if not missing:
        return known
    return {**known, **{pk: obj.name for pk, obj in model.objects.in_bulk(missing).items()}}


# An id no case has, to cut the case page's URL around: one reverse() a page, not a row.
_NO_CASE = 9_876_543_210_123


def _case_url_parts() -> tuple[str, str]:
    head, _id, tail = reverse("desk:case", args=[_NO_CASE]).rpartition(str(_NO_CASE))
    return head, tail
