"""What was paid out of the programs' budgets: the reshoring tranches paid, minus what the
companies repaid on recovery, for the cases of the period.

Summed by the database per program x center x sector, the key of the results' groups, so
that the per-program, per-center and per-sector tables and the totals add them up like the
other figures: two small queries (payments and repayments exist for reshoring cases only).
"""

from django.db.models import Sum

from reshoring.models import Payment, Recovery

KEY = ("program_id", "center_id", "company__sector_id")


def _summed(model, to_case: str, cases, **filters) -> dict[tuple, int]:
    columns = [f"{to_case}__{part}" for part in KEY]
    rows = (
        model.objects.filter(**{f"{to_case}__in": cases.values("pk")}, **filters)
        .values(*columns)
        .annotate(total=Sum("amount"))
        .order_by()
    )
    return {tuple(row[column] for column in columns): row["total"] for row in rows}


def add_paid(groups: list[dict], cases) -> None:
    """Adds "paid" and "repaid" (KRW) to each group of `cases` (its KEY values)."""
    paid = _summed(Payment, "tranche__case", cases)
    repaid = _summed(Recovery, "case", cases, repaid_on__isnull=False)
    for group in groups:
        key = tuple(group[part] for part in KEY)
        group["paid"], group["repaid"] = paid.get(key, 0), repaid.get(key, 0)
