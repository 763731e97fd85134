"""The period's cases counted, summed and their medians taken per program, per center, per
sector, per promising item and in total, reading the cases table once.

Each case in scope becomes one narrow row (`_rows`): its program, center and sector, its
amounts, its stored business days (`Case.count_days`) and one flag per condition counted
(approved, rejected, first response due, on time, ...). The conditions are the ORM's, so
that the database decides them as everywhere else (Seoul days included); what is left is
to add the rows up by group.

PostgreSQL adds them up in one statement, shaped so that the cases table is scanned once:

    WITH period AS MATERIALIZED (the rows)
    SELECT dimension, key, measures FROM period
        GROUP BY GROUPING SETS ((program), (center), (sector), ())
    UNION ALL
    SELECT 'item', item, measures FROM period JOIN the case-item links
        GROUP BY item

The materialised CTE is the one scan; both branches read its copy of the rows. Without the
items' table (a CSV of another table) it has one reader and is not materialised: the scan
feeds the GROUP BY directly. The items are a branch of their own rather than a fifth
grouping set because a case may name several items: joined into the other sets, it would
count several times there. The medians are `percentile_cont(0.5)` aggregates in the same
GROUP BY (a case not yet answered or decided has no days and does not count in a median).
PostgreSQL cannot hash a GROUP BY with such aggregates: each set is a sort of the rows.

SQLite has neither GROUPING SETS nor percentile_cont: it reads the same rows (and, for the
items, the case-item links: two queries) and Python adds them up.
"""

import statistics
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import BooleanField, ExpressionWrapper, F, Q

from cases.models import Case, CaseState

# (median days to first response, median days to decision); None: nothing to count.
Pair = tuple[Decimal | None, Decimal | None]
KEYS = {"program": "program_id", "center": "center_id", "sector": "company__sector_id"}
FLAGS = [
    "approvals",
    "rejections",
    "responses_due",
    "responses_on_time",
    "decisions_due",
    "decisions_on_time",
]
AMOUNTS = {"requested": "amount_requested", "approved": "approved_amount"}
DAYS = ("first_response_days", "decision_days")
# What each group gets: these measures, then "response_median" and "decision_median".
MEASURES = ["applications", *FLAGS, *AMOUNTS]
TOTAL = "all"
# The figures of a group without a case (the totals of an empty scope).
EMPTY = {**dict.fromkeys(MEASURES, 0), "response_median": None, "decision_median": None}


def _conditions(today) -> dict[str, Q]:
    response_due = Q(first_response_due__isnull=False) & (
        Q(first_response_at__isnull=False) | Q(first_response_due__lt=today)
    )
    decision_due = Q(decision_due__isnull=False) & (
        Q(decided_at__isnull=False) | Q(decision_due__lt=today)
    )
    return {
        "approvals": Q(approved_amount__isnull=False),
        "rejections": Q(state=CaseState.REJECTED),
        "responses_due": response_due,
        "responses_on_time": response_due & Q(first_response_at__date__lte=F("first_response_due")),
        "decisions_due": decision_due,
        "decisions_on_time": decision_due & Q(decided_at__date__lte=F("decision_due")),
    }


def _rows(period, today):
    """One row per case of `period`: id, its keys, its flags, its amounts, its days."""
    columns = {
        **{_column(key): F(lookup) for key, lookup in KEYS.items()},
        **{
            flag: ExpressionWrapper(condition, output_field=BooleanField())
            for flag, condition in _conditions(today).items()
        },
        **{name: F(field) for name, field in AMOUNTS.items()},
    }
    return period.values("id", *DAYS, **columns).order_by()


def _column(dimension: str) -> str:
    return f"by_{dimension}"  # not "program": a row's column may not shadow a field


def days(value) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def tally(period, today, dimensions) -> dict[str, dict]:
    """{dimension: {key: {measure: value}}} over `period`, a Case queryset, for each of
    `dimensions` ("program", "center", "sector", "item") and for TOTAL (key None). A key
    is the program's, center's, sector's or item's id; None when a case has none."""
    if connection.vendor == "postgresql":
        return _in_database(period, today, dimensions)
    return _in_python(period, today, dimensions)


def _in_database(period, today, dimensions) -> dict[str, dict]:
    try:
        inner, params = _rows(period, today).query.sql_with_params()
    except EmptyResultSet:  # a scope that holds nothing by construction (.none())
        return {dimension: {} for dimension in [*dimensions, TOTAL]}
    keys = [key for key in KEYS if key in dimensions]
    measures = ", ".join(
        [
            "COUNT(*)",
            *(f"COUNT(*) FILTER (WHERE {flag})" for flag in FLAGS),
            *(f"COALESCE(SUM({amount}), 0)" for amount in AMOUNTS),
            *(f"PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY {name})" for name in DAYS),
        ]
    )
    sets = ", ".join([*(f"({_column(key)})" for key in keys), "()"])
    which = f"'{TOTAL}', NULL"  # the dimension and key of a row: the totals' ...
    if keys:  # ... unless one of the keys is grouped by in the set the row comes from
        grouped = {key: f"GROUPING({_column(key)}) = 0" for key in keys}
        dimension = " ".join(f"WHEN {test} THEN '{key}'" for key, test in grouped.items())
        value = " ".join(f"WHEN {test} THEN {_column(key)}" for key, test in grouped.items())
        which = f"CASE {dimension} ELSE '{TOTAL}' END, CASE {value} END"
    copied = "MATERIALIZED" if "item" in dimensions else "NOT MATERIALIZED"  # read twice?
    query = (
        f"WITH period AS {copied} ({inner}) SELECT {which}, {measures} "
        f"FROM period GROUP BY GROUPING SETS ({sets})"
    )
    if "item" in dimensions:
        links, case, item = _links()
        query += (
            f" UNION ALL SELECT 'item', links.{item}, {measures} FROM period "
            f"JOIN {links} AS links ON links.{case} = period.id GROUP BY links.{item}"
        )
    found: dict[str, dict] = {dimension: {} for dimension in [*dimensions, TOTAL]}
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        for dimension, key, *figures in cursor.fetchall():
            # int(): PostgreSQL's SUM of a bigint is a numeric, the ORM's Sum an int.
            measured = {name: int(value) for name, value in zip(MEASURES, figures, strict=False)}
            response, decision = figures[len(MEASURES) :]
            measured.update(response_median=days(response), decision_median=days(decision))
            found[dimension][key] = measured
    return found


def _links() -> tuple[str, str, str]:
    """The case-item links' table and its two columns, quoted."""
    through = Case.export_items.through._meta
    quote = connection.ops.quote_name
    return (
        quote(through.db_table),
        quote(through.get_field("case").column),
        quote(through.get_field("promisingitem").column),
    )


class _Group:
    """One group's running counts and sums, and the days its medians are taken from."""

    def __init__(self):
        self.figures = dict.fromkeys(MEASURES, 0)
        self.days: tuple[list, list] = ([], [])

    def add(self, row: dict) -> None:
        self.figures["applications"] += 1
        for flag in FLAGS:
            self.figures[flag] += bool(row[flag])
        for amount in AMOUNTS:
            self.figures[amount] += row[amount] or 0
        for name, values in zip(DAYS, self.days, strict=True):
            if row[name] is not None:
                values.append(row[name])

    def result(self) -> dict:
        response, decision = (days(statistics.median(v)) if v else None for v in self.days)
        return {**self.figures, "response_median": response, "decision_median": decision}


def _in_python(period, today, dimensions) -> dict[str, dict]:
    items_of: dict = defaultdict(list)
    if "item" in dimensions:
        through = Case.export_items.through.objects.filter(case__in=period.values("pk"))
        for case, item in through.values_list("case_id", "promisingitem_id").iterator():
            items_of[case].append(item)
    keys = [key for key in KEYS if key in dimensions]
    groups: dict[str, dict] = {dimension: {} for dimension in [*dimensions, TOTAL]}
    groups[TOTAL][None] = _Group()
    for row in _rows(period, today).iterator(chunk_size=5000):
        belongs = [(TOTAL, None), *((key, row[_column(key)]) for key in keys)]
        belongs += [("item", item) for item in items_of.get(row["id"], [])]
        for dimension, key in belongs:
            if key not in groups[dimension]:
                groups[dimension][key] = _Group()
            groups[dimension][key].add(row)
    return {
        dimension: {key: group.result() for key, group in by_key.items()}
        for dimension, by_key in groups.items()
    }
