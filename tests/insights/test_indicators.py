"""Year-on-year change and streaks computed from a series with gaps, and the demo series
giving the figures published for April 2023."""

import datetime
from decimal import Decimal

import pytest

from insights.demo import seed_indicators
from insights.indicators import all_series, compute
from insights.models import ExportIndicator


def month(year, m):
    return datetime.date(year, m, 1)


def D(value):
    return Decimal(str(value))


def test_it_computes_the_change_on_the_month_a_year_before():
    points = compute(
        [
            (month(2022, 3), D(200), None),
            (month(2023, 3), D(150), None),
            (month(2023, 4), D(80), None),  # no April 2022: no change, no decline
        ]
    )
    by_month = {p.month: p for p in points}
    assert by_month[month(2022, 3)].yoy_percent is None
    assert by_month[month(2023, 3)].yoy_percent == D("-25.0")
    assert by_month[month(2023, 3)].decline_streak == 1
    assert by_month[month(2023, 4)].yoy_percent is None
    assert by_month[month(2023, 4)].decline_streak == 0


def test_a_missing_month_ends_the_decline_streak():
    year_before = [(month(2021, m), D(100), None) for m in range(1, 13)]
    # 2022: declines in January to March, April is missing, declines in May and June.
    this_year = [(month(2022, m), D(90), None) for m in (1, 2, 3, 5, 6)]
    streaks = {p.month: p.decline_streak for p in compute(year_before + this_year)}
    assert [streaks[month(2022, m)] for m in (1, 2, 3, 5, 6)] == [1, 2, 3, 1, 2]


def test_growth_ends_the_decline_streak():
    rows = [(month(2021, m), D(100), None) for m in (1, 2, 3)]
    rows += [(month(2022, 1), D(90), None), (month(2022, 2), D(110), None)]
    rows += [(month(2022, 3), D(99), None)]
    streaks = [p.decline_streak for p in compute(rows)][3:]
    assert streaks == [1, 0, 1]


def test_the_deficit_streak_counts_from_the_first_month_in_deficit():
    points = compute(
        [
            (month(2022, 9), D(10), D(9)),
            (month(2022, 10), D(10), D(11)),
            (month(2022, 11), D(10), D(12)),
            (month(2022, 12), D(10), None),  # no imports: balance unknown, streak ends
            (month(2023, 1), D(10), D(10.5)),
        ]
    )
    assert [p.balance for p in points] == [D(1), D(-1), D(-2), None, D("-0.5")]
    assert [p.deficit_streak for p in points] == [0, 1, 2, 0, 1]
    assert points[2].deficit_since == month(2022, 10)
    assert points[4].deficit_since == month(2023, 1)


@pytest.mark.django_db
def test_the_demo_series_gives_the_figures_published_for_april_2023():
    seed_indicators()
    series = {(s.market, s.product_group): s for s in all_series()}
    china = series["china", "all"].latest
    assert china.month == month(2023, 4)
    assert china.exports == Decimal("9520000000")
    assert china.yoy_percent == D("-26.5")
    assert china.decline_streak == 11
    assert china.balance == Decimal("-2270000000")
    assert china.deficit_since == month(2022, 10)
    total = series["all", "all"].latest
    assert (total.exports, total.yoy_percent, total.decline_streak) == (
        Decimal("49600000000"),
        D("-14.2"),
        7,
    )
    assert series["all", "semiconductors"].latest.yoy_percent == D("-41.0")


@pytest.mark.django_db
def test_seeding_twice_changes_nothing():
    seed_indicators()
    count = ExportIndicator.objects.count()
    seed_indicators()
    assert ExportIndicator.objects.count() == count == 28 * 2 + 8
