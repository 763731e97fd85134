"""The median business days to the first response and to the decision, per group.

The days are stored on each case when they happen (`Case.count_days`), so a median is a
plain aggregate: PostgreSQL takes it with `percentile_cont(0.5) WITHIN GROUP`. The tables
per program, per center and per sector and the totals share one scan of the period's
cases: one query grouped by GROUPING SETS (Django's GROUP BY has no grouping sets, so the
scoped queryset's own SQL is wrapped, its parameters passed through). SQLite has no such
aggregate: there one query reads only the groups and the two counts of the answered cases
and Python takes the medians. Either way a constant number of queries; a case not yet
answered or decided does not count in that median.
"""

import statistics
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.db.models import Aggregate, F, FloatField, Q

# (median days to first response, median days to decision); None: nothing to count.
Pair = tuple[Decimal | None, Decimal | None]
FIELDS = ("first_response_days", "decision_days")
NONE: Pair = (None, None)


class Median(Aggregate):
    """The continuous median (halfway between the two middle values of an even count)."""

    function = "PERCENTILE_CONT"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def in_database() -> bool:
    return connection.vendor == "postgresql"


def aggregates() -> dict:
    """The medians as aggregates, to annotate a GROUP BY with (PostgreSQL only)."""
    return {f"median_{name}": Median(name) for name in FIELDS}


def pair(row: dict) -> Pair:
    return (_days(row[f"median_{FIELDS[0]}"]), _days(row[f"median_{FIELDS[1]}"]))


def _days(value) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _answered(cases):
    return cases.filter(Q(first_response_days__isnull=False) | Q(decision_days__isnull=False))


def medians(cases, keys: list[str]) -> tuple[dict[str, dict], Pair]:
    """({key: {value of key: Pair}} for each of `keys`, the Pair over all `cases`)."""
    answered = _answered(cases)
    if in_database():
        return _grouping_sets(answered, keys)
    found: dict = {key: {} for key in keys}
    overall: tuple[list, list] = ([], [])
    for row in answered.values_list(*keys, *FIELDS).order_by().iterator(chunk_size=5000):
        for key, value in [*zip(keys, row, strict=False), (None, None)]:
            group = found[key].setdefault(value, ([], [])) if key else overall
            for days, values in zip(row[-2:], group, strict=True):
                if days is not None:
                    values.append(days)
    return (
        {key: {value: _median(lists) for value, lists in by.items()} for key, by in found.items()},
        _median(overall),
    )


def medians_of(cases, key: str) -> dict:
    """{value of key: Pair} over `cases` (SQLite's fallback for one more table)."""
    return medians(cases, [key])[0][key]


def _median(lists: tuple[list, list]) -> Pair:
    return tuple(_days(statistics.median(v)) if v else None for v in lists)


def _grouping_sets(answered, keys: list[str]) -> tuple[dict[str, dict], Pair]:
    if not keys:
        return {}, pair(answered.aggregate(**aggregates()))
    columns = {f"k{n}": F(key) for n, key in enumerate(keys)}
    inner = answered.annotate(**columns).values(*columns, *FIELDS).order_by()
    sql, params = inner.query.sql_with_params()
    names = ", ".join(columns)
    sets = ", ".join([*(f"({name})" for name in columns), "()"])
    medians_sql = ", ".join(
        f"PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY {name})" for name in FIELDS
    )
    query = (
        f"SELECT {names}, GROUPING({names}), {medians_sql} "
        f"FROM ({sql}) AS answered GROUP BY GROUPING SETS ({sets})"
    )
    found: dict = {key: {} for key in keys}
    overall = NONE
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        for *values, grouping, response, decision in cursor.fetchall():
            medians_pair = (_days(response), _days(decision))
            # GROUPING(...) has a bit set for each column not grouped by: all set, the total.
            grouped = [n for n in range(len(keys)) if not grouping & (1 << (len(keys) - 1 - n))]
            if not grouped:
                overall = medians_pair
            else:
                found[keys[grouped[0]]][values[grouped[0]]] = medians_pair
    return found, overall
