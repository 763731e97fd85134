"""The median business days to the first response and to the decision, per group.

The days are stored on each case when they happen (`Case.count_days`), so a median is a
plain aggregate: PostgreSQL takes it with `percentile_cont(0.5) WITHIN GROUP`, one GROUP
BY per table. SQLite has no such aggregate: there one query reads only the group and the
two counts of the answered cases and Python takes the medians. Either way one query per
table, whatever the number of cases; a case not yet answered does not count.
"""

import statistics
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.db.models import Aggregate, FloatField, Q

# (median days to first response, median days to decision); None: nothing answered.
Pair = tuple[Decimal | None, Decimal | None]
FIELDS = ("first_response_days", "decision_days")


class Median(Aggregate):
    """The continuous median (halfway between the two middle values of an even count)."""

    function = "PERCENTILE_CONT"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def _days(value) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _answered(cases):
    return cases.filter(Q(first_response_days__isnull=False) | Q(decision_days__isnull=False))


def medians(cases, key: str | None) -> dict:
    """{value of `key`: Pair} over `cases`; with no key, {None: Pair} over all of them."""
    answered = _answered(cases)
    if connection.vendor == "postgresql":
        measures = {name: Median(name) for name in FIELDS}
        if key is None:
            found = answered.aggregate(**measures)
            return {None: (_days(found[FIELDS[0]]), _days(found[FIELDS[1]]))}
        rows = answered.values(key).annotate(**measures).order_by()
        return {row[key]: (_days(row[FIELDS[0]]), _days(row[FIELDS[1]])) for row in rows}
    columns = [key] if key else []
    found: dict = {}
    for row in answered.values_list(*columns, *FIELDS).order_by().iterator(chunk_size=5000):
        group = found.setdefault(row[0] if key else None, ([], []))
        for days, values in zip(row[-2:], group, strict=True):
            if days is not None:
                values.append(days)
    return {
        group: tuple(_days(statistics.median(v)) if v else None for v in values)
        for group, values in found.items()
    }
