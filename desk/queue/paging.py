"""Keyset pages of the queue, in its order."""

import base64
import datetime
import json
from dataclasses import dataclass

from django.db.models import Q
from django.utils.dateparse import parse_datetime

from desk.queue.rows import ROW_VALUES

PAGE_SIZE = 50
ORDER = ("-priority", "submitted_at", "id")


def _cursor(row: dict) -> str:
    key = [row["priority"], row["submitted_at"].isoformat(), row["id"]]
    return base64.urlsafe_b64encode(json.dumps(key).encode()).decode().rstrip("=")


# The bounds of the key's columns: a cursor outside them matches nothing a query could
# find, and a database asked for it would fail (a smallint, a bigint).
PRIORITY_RANGE = range(-(2**15), 2**15)
ID_RANGE = range(1, 2**63)


def _key(cursor: str):
    """(priority, submitted_at, id) from a cursor, or None for a cursor that is not one: one
    this page did not make, its values out of their columns' range, or a time that has no
    place in UTC (year 1 at +23:59)."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        priority, submitted, pk = json.loads(raw)
        moment = parse_datetime(submitted) if isinstance(submitted, str) else None
        if not (
            type(priority) is int
            and type(pk) is int
            and priority in PRIORITY_RANGE
            and pk in ID_RANGE
            and moment
            and moment.tzinfo is not None
        ):
            return None
        return priority, moment.astimezone(datetime.UTC), pk
    except (ValueError, TypeError, OverflowError, RecursionError):
        return None


# The first condition of each is implied by the rest; it is there for PostgreSQL, which can
# start the index scan at the cursor's priority with it instead of reading every row before.


def _after(key) -> Q:
    priority, submitted, pk = key
    return Q(priority__lte=priority) & (
        Q(priority__lt=priority)
        | Q(priority=priority, submitted_at__gt=submitted)
        | Q(priority=priority, submitted_at=submitted, pk__gt=pk)
    )


def _before(key) -> Q:
    priority, submitted, pk = key
    return Q(priority__gte=priority) & (
        Q(priority__gt=priority)
        | Q(priority=priority, submitted_at__lt=submitted)
        | Q(priority=priority, submitted_at=submitted, pk__lt=pk)
    )


@dataclass
class Page:
    cases: list
    next_cursor: str | None
    previous_cursor: str | None

    @property
    def is_first(self) -> bool:
        return self.previous_cursor is None


def page(queryset, *, after: str = "", before: str = "", size: int | None = None) -> Page:
    """One page of the queue in its order (each case as a dict of desk.queue.rows'
    ROW_VALUES), and the cursors of its neighbours.

    One query: it reads size + 1 rows to know whether there is a next (or previous) page.
    """
    size = size or PAGE_SIZE
    queryset = queryset.values(*ROW_VALUES)
    if before and (key := _key(before)):
        rows = list(
            queryset.filter(_before(key)).order_by("priority", "-submitted_at", "-id")[: size + 1]
        )
        more_before = len(rows) > size
        rows = rows[:size][::-1]
        return Page(
            rows,
            next_cursor=_cursor(rows[-1]) if rows else None,
            previous_cursor=_cursor(rows[0]) if rows and more_before else None,
        )
    key = _key(after) if after else None
    if key:
        queryset = queryset.filter(_after(key))
    rows = list(queryset.order_by(*ORDER)[: size + 1])
    more_after = len(rows) > size
    rows = rows[:size]
    return Page(
        rows,
        next_cursor=_cursor(rows[-1]) if rows and more_after else None,
        previous_cursor=_cursor(rows[0]) if rows and key else None,
    )
