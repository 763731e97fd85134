"""Year-on-year change, the streak of declining months and the deficit streak, computed
from the raw monthly series.

A month missing from the series breaks a streak: nobody can say the decline went on
through a month nobody published, so the next decline counts from one again.
"""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from itertools import groupby

from insights.models import ExportIndicator

MILLION = Decimal(1_000_000)


def previous_month(month: datetime.date) -> datetime.date:
    return (month.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)


def year_before(month: datetime.date) -> datetime.date:
    return month.replace(year=month.year - 1)


@dataclass(frozen=True)
class Point:
    month: datetime.date
    exports: Decimal
    imports: Decimal | None
    yoy_percent: Decimal | None  # one decimal, None without the month a year before
    decline_streak: int  # months of year-on-year decline in a row, this one included
    balance: Decimal | None  # exports - imports, None without imports
    deficit_streak: int
    deficit_since: datetime.date | None

    @property
    def exports_millions(self) -> Decimal:
        return self.exports / MILLION

    @property
    def imports_millions(self) -> Decimal | None:
        return None if self.imports is None else self.imports / MILLION

    @property
    def balance_millions(self) -> Decimal | None:
        return None if self.balance is None else self.balance / MILLION


def yoy_percent(now: Decimal, before: Decimal | None) -> Decimal | None:
    if before is None or before == 0:
        return None
    change = (Decimal(now) / Decimal(before) - 1) * 100
    return change.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def compute(rows) -> list[Point]:
    """rows: (month, exports, imports) in any order; one Point per month, oldest first."""
    by_month = {month: (exports, imports) for month, exports, imports in rows}
    points: dict[datetime.date, Point] = {}
    for month in sorted(by_month):
        exports, imports = by_month[month]
        before = by_month.get(year_before(month))
        change = yoy_percent(exports, before[0] if before else None)
        previous = points.get(previous_month(month))
        declining = change is not None and change < 0
        decline_streak = (previous.decline_streak if previous else 0) + 1 if declining else 0
        balance = None if imports is None else exports - imports
        if balance is not None and balance < 0:
            deficit_streak = (previous.deficit_streak if previous else 0) + 1
            deficit_since = (
                previous.deficit_since if previous and previous.deficit_streak else month
            )
        else:
            deficit_streak, deficit_since = 0, None
        points[month] = Point(
            month=month,
            exports=exports,
            imports=imports,
            yoy_percent=change,
            decline_streak=decline_streak,
            balance=balance,
            deficit_streak=deficit_streak,
            deficit_since=deficit_since,
        )
    return list(points.values())


@dataclass(frozen=True)
class Series:
    market: str
    product_group: str
    label: str
    points: list[Point]

    @property
    def latest(self) -> Point | None:
        return self.points[-1] if self.points else None

    @property
    def key(self) -> str:
        return f"{self.market}-{self.product_group}"


def all_series() -> list[Series]:
    """Every (market, product group) series, China first; one query whatever the data."""
    rows = ExportIndicator.objects.order_by("market", "product_group", "month").values_list(
        "market", "product_group", "month", "exports_usd", "imports_usd"
    )
    markets = dict(ExportIndicator.Market.choices)
    groups = dict(ExportIndicator.ProductGroup.choices)
    series = []
    for (market, group), items in groupby(rows, key=lambda row: (row[0], row[1])):
        label = f"{markets.get(market, market)} · {groups.get(group, group)}"
        points = compute((month, exports, imports) for _m, _g, month, exports, imports in items)
        series.append(Series(market, group, label, points))
    order = [ExportIndicator.Market.CHINA, ExportIndicator.Market.ALL]
    series.sort(key=lambda s: (order.index(s.market), s.product_group != "all", s.product_group))
    return series
