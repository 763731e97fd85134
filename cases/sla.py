"""Service-level clocks in Korean business days: weekends and Korean public holidays (with
their substitute days) do not count. The holiday calendar is the `holidays` library's, kept
up to date by its maintainers as the government announces days.

A case has two clocks, started at submission: the first response (an official takes it up)
and the decision. Both stop while the company has the case (information requested) and
are pushed back by the business days it had it.
"""

import datetime
from functools import lru_cache

import holidays
from django.utils import timezone

# The queue flags a clock due within this many business days.
DUE_SOON_DAYS = 2


@lru_cache(maxsize=32)
def _holidays_of(year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.country_holidays("KR", years=year))


def is_business_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in _holidays_of(day.year)


def add_business_days(start: datetime.date, days: int) -> datetime.date:
    """The day that is `days` business days after `start` (start itself not counted)."""
    day = start
    while days > 0:
        day += datetime.timedelta(days=1)
        if is_business_day(day):
            days -= 1
    return day


@lru_cache(maxsize=32)
def _weekday_holidays_of(year: int) -> tuple[datetime.date, ...]:
    return tuple(sorted(day for day in _holidays_of(year) if day.weekday() < 5))


def _weekdays_through(day: datetime.date) -> int:
    """Mondays to Fridays from 1 January of year 1 (a Monday) up to and including `day`."""
    weeks, rest = divmod(day.toordinal(), 7)
    return 5 * weeks + min(rest, 5)


def business_days_between(start: datetime.date, end: datetime.date) -> int:
    """Business days after `start` up to and including `end`; 0 when end is not later.

    Counted, not walked: the morning refresh asks this for every open case, and a case
    can have waited for years.
    """
    if end <= start:
        return 0
    holidays_between = sum(
        start < day <= end
        for year in range(start.year, end.year + 1)
        for day in _weekday_holidays_of(year)
    )
    return _weekdays_through(end) - _weekdays_through(start) - holidays_between


def elapsed(since: datetime.datetime | None, until: datetime.datetime | None) -> int | None:
    """Business days from one moment to a later one, by their days in Seoul (None: either
    is missing). The results' medians read it, stored when the clock is answered."""
    if since is None or until is None:
        return None
    return business_days_between(local_date(since), local_date(until))


def today() -> datetime.date:
    return timezone.localdate()


def local_date(moment: datetime.datetime) -> datetime.date:
    """The day in Seoul of a moment."""
    return timezone.localdate(moment)


def due_soon_limit(on: datetime.date | None = None) -> datetime.date:
    """The last day a deadline may fall on to count as due soon (today included)."""
    return add_business_days(on or today(), DUE_SOON_DAYS)


def flag(due: datetime.date | None, on: datetime.date) -> str:
    """ "overdue", "due_soon" or "" for a running clock's deadline (None: no clock runs)."""
    if due is None:
        return ""
    if due < on:
        return "overdue"
    if due <= due_soon_limit(on):
        return "due_soon"
    return ""
