"""What was paid out of the programs' budgets: the reshoring tranches paid, minus what the
companies repaid on recovery, for the cases of the period.

Summed by the database per program x center x sector (two small queries: payments and
repayments exist for reshoring cases only, and reach the period's cases by their keys),
then added up here per program, per center, per sector and in total, like the other
figures of the results.
"""

from collections import defaultdict

from django.db.models import Sum

from reshoring.models import Payment, Recovery

KEY = {"program": "program_id", "center": "center_id", "sector": "company__sector_id"}


def _summed(model, to_case: str, cases, **filters) -> dict[tuple, int]:
    columns = [f"{to_case}__{part}" for part in KEY.values()]
    rows = (
        model.objects.filter(**{f"{to_case}__in": cases.values("pk")}, **filters)
        .values(*columns)
        .annotate(total=Sum("amount"))
        .order_by()
    )
    return {tuple(row[column] for column in columns): row["total"] for row in rows}


def paid_per(cases, total: str = "all") -> dict[str, dict]:
    """{dimension: {key: {"paid": KRW, "repaid": KRW}}} for program, center and sector
    (their ids) and for `total` (key None) over all `cases`; 0 where nothing was paid."""
    found: dict[str, dict] = {
        dimension: defaultdict(lambda: {"paid": 0, "repaid": 0}) for dimension in [*KEY, total]
    }
    sums = {
        "paid": _summed(Payment, "tranche__case", cases),
        "repaid": _summed(Recovery, "case", cases, repaid_on__isnull=False),
    }
    for money, summed in sums.items():
        for key, amount in summed.items():
            for dimension, value in [*zip(KEY, key, strict=True), (total, None)]:
                found[dimension][value][money] += amount
    return found
