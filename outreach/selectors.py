"""Reads of the liaison that pages share."""

import datetime
import re
from dataclasses import dataclass

from django.db.models import Count, Max

from outreach.models import Contact, Difficulty


def contacts_shown_to_company(difficulty) -> list[Contact]:
    """The contacts that took the difficulty up, as a company may read them: which body and
    when (the counterpart, topics and outcome of a meeting stay with the officials)."""
    return list(
        Contact.objects.filter(difficulties=difficulty)
        .select_related("body")
        .only("held_on", "channel", "body__name_ko", "body__name_en", "body__name_zh")
        .order_by("held_on", "pk")
    )


def open_difficulty_count(center_ids) -> int:
    """Open difficulties at these centers (None: every center), for the desk's tab."""
    return Difficulty.objects.of_centers(center_ids).open().count()


def quarter_of(day: datetime.date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def quarter_bounds(quarter: str) -> tuple[datetime.date, datetime.date] | None:
    """The first and last day of a quarter written 2026-Q4; None if it is not one."""
    match = re.fullmatch(r"(\d{4})-Q([1-4])", quarter or "")
    if not match:
        return None
    year, number = int(match[1]), int(match[2])
    start = datetime.date(year, 3 * number - 2, 1)
    end = datetime.date(year + (number == 4), 1 if number == 4 else 3 * number + 1, 1)
    return start, end - datetime.timedelta(days=1)


def recent_quarters(today: datetime.date, count: int = 8) -> list[str]:
    year, number = today.year, (today.month - 1) // 3 + 1
    quarters = []
    for _ in range(count):
        quarters.append(f"{year}-Q{number}")
        year, number = (year - 1, 4) if number == 1 else (year, number - 1)
    return quarters


@dataclass
class Overview:
    """The contacts of a period: each with its body, center and what it took up; counts by
    body and by province; and the difficulties' outcomes they led to."""

    contacts: list
    by_body: list
    by_province: list
    by_level: dict
    outcomes: dict


def contacts_between(start: datetime.date, end: datetime.date):
    """The contacts of a period, by body, with how many difficulties and opportunities each
    took up (the page's table and the CSV's rows)."""
    return (
        Contact.objects.filter(held_on__range=(start, end))
        .select_related("body", "center")
        .annotate(difficulty_count=Count("difficulties", distinct=True))
        .annotate(opportunity_count=Count("opportunities", distinct=True))
        .order_by("body__level", "body__province", "body__name_en", "held_on", "pk")
    )


def liaison_overview(start: datetime.date, end: datetime.date) -> Overview:
    contacts = contacts_between(start, end)
    period = Contact.objects.filter(held_on__range=(start, end))
    by_body = list(
        period.values("body", "body__name_ko", "body__name_en", "body__name_zh", "body__level")
        .annotate(contacts=Count("pk"), last=Max("held_on"))
        .order_by("-contacts", "body__name_en")
    )
    by_province = list(
        period.values("body__province")
        .annotate(contacts=Count("pk"), bodies=Count("body", distinct=True))
        .order_by("-contacts", "body__province")
    )
    by_level = dict(period.values_list("body__level").annotate(Count("pk")).order_by("body__level"))
    taken_up = Difficulty.objects.filter(contacts__in=period).distinct()
    outcomes = dict(taken_up.values_list("status").annotate(Count("pk", distinct=True)).order_by())
    return Overview(list(contacts), by_body, by_province, by_level, outcomes)
