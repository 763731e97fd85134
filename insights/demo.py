"""An illustrative monthly series, January 2021 to April 2023, consistent with the figures
published for April 2023: exports to China US$ 9.52 bn (-26.5 % y/y, the 11th month of
decline), total exports US$ 49.6 bn (-14.2 %, the 7th), the balance with China
-US$ 2.27 bn (in deficit since October 2022), semiconductors -41 %.

The other months are made up to be consistent with those; the page says so.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from cases.models import Case
from insights.models import ExportIndicator, OutcomeReport
from insights.outcomes import add_months, is_renewable

BILLION = Decimal(1_000_000_000)

# US$ bn per month, from January 2021.
CHINA_EXPORTS = """
11.8 10.7 13.0 12.6 12.5 13.8 14.0 13.8 14.7 13.9 15.1 15.4
13.5 12.4 15.5 12.95 13.0 13.1 13.2 13.1 13.4 12.4 11.4 11.1
8.4 9.9 10.9 9.52
"""
CHINA_IMPORTS = """
9.8 8.9 11.2 10.9 10.6 11.5 11.8 11.9 12.3 11.6 13.0 13.2
13.0 11.6 14.9 12.5 12.6 12.4 12.8 12.9 12.9 12.6 12.1 12.3
12.3 10.9 13.6 11.79
"""
TOTAL_EXPORTS = """
48.0 44.8 53.8 51.2 50.7 54.8 55.4 53.2 55.9 55.5 60.4 60.7
55.3 53.9 63.8 57.8 61.5 57.7 60.7 56.7 57.4 52.4 51.7 54.9
46.3 50.1 55.1 49.6
"""
# All markets, January to April of 2022 and 2023 only: the series has a gap.
SEMICONDUCTOR_EXPORTS = {
    2022: "10.7 10.4 13.1 10.85",
    2023: "4.8 5.9 8.7 6.40",
}


def _months(start: datetime.date, values: str):
    year, month = start.year, start.month
    for value in values.split():
        yield datetime.date(year, month, 1), Decimal(value) * BILLION
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def demo_rows() -> list[ExportIndicator]:
    start = datetime.date(2021, 1, 1)
    china_imports = dict(_months(start, CHINA_IMPORTS))
    rows = [
        ExportIndicator(
            month=month,
            market=ExportIndicator.Market.CHINA,
            exports_usd=exports,
            imports_usd=china_imports[month],
        )
        for month, exports in _months(start, CHINA_EXPORTS)
    ]
    rows += [
        ExportIndicator(month=month, market=ExportIndicator.Market.ALL, exports_usd=exports)
        for month, exports in _months(start, TOTAL_EXPORTS)
    ]
    for year, values in SEMICONDUCTOR_EXPORTS.items():
        rows += [
            ExportIndicator(
                month=month,
                market=ExportIndicator.Market.ALL,
                product_group=ExportIndicator.ProductGroup.SEMICONDUCTORS,
                exports_usd=exports,
            )
            for month, exports in _months(datetime.date(year, 1, 1), values)
        ]
    return rows


def seed_indicators() -> int:
    """Load the demo series unless the site already holds figures (imported ones win)."""
    if ExportIndicator.objects.exists():
        return 0
    return len(ExportIndicator.objects.bulk_create(demo_rows()))


def seed_outcome_reports(today: datetime.date) -> int:
    """Reports for the demo's approved cases that are due, answered with figures derived
    from each company's declared exports (so the results and the goal page show numbers);
    nobody is notified. Existing reports are left alone."""
    made = []
    cases = Case.objects.filter(approved_amount__isnull=False).select_related(
        "company__sector__parent"
    )
    done = set(OutcomeReport.objects.values_list("case_id", "months_after"))
    for case in cases:
        decided = timezone.localdate(case.decided_at)
        for after in OutcomeReport.After:
            due = add_months(decided, after.value)
            if due > today or (case.pk, after.value) in done:
                continue
            base = case.company.exports_to_china_last_year or Decimal(500_000)
            # Half a year's exports, 5 to 25 % up on the year before, by the case's id.
            growth = Decimal(105 + case.pk % 21) / 100
            exports = (base / 2 * growth).quantize(Decimal("0.01"))
            renewable = int(exports * 1300 * 3) if is_renewable(case.company) else None
            made.append(
                OutcomeReport(
                    case=case,
                    months_after=after.value,
                    due_on=due,
                    requested_at=timezone.make_aware(
                        datetime.datetime.combine(due, datetime.time(9))
                    ),
                    exports_to_china_usd=exports,
                    renewable_exports_krw=renewable,
                    reported_at=timezone.make_aware(
                        datetime.datetime.combine(
                            due + datetime.timedelta(days=7), datetime.time(10)
                        )
                    ),
                )
            )
    return len(OutcomeReport.objects.bulk_create(made, ignore_conflicts=True))
