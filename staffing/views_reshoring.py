"""The administrators' reshoring overview: cases by phase, investment and jobs planned
against realised by Korean region, subsidies paid against budget; a chart and its table."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.decorators import administrator_required
from reshoring import selectors

BAR = 300  # the chart's longest bar, in SVG units


def _width(value: int, largest: int) -> int:
    return round(BAR * value / largest) if largest else 0


@administrator_required
@require_GET
def reshoring_overview(request):
    data = selectors.overview()
    largest = max(
        [r.planned_investment for r in data["regions"]]
        + [r.realised_investment for r in data["regions"]]
        + [1]
    )
    for index, row in enumerate(data["regions"]):
        row.y = 10 + index * 44
        row.planned_width = _width(row.planned_investment, largest)
        row.realised_width = _width(row.realised_investment, largest)
    for index, row in enumerate(data["programs"]):
        row.y = 10 + index * 44
        row.paid_width = _width(row.paid, row.budget)
        row.committed_width = _width(row.committed, row.budget)
    data["region_height"] = 20 + 44 * len(data["regions"])
    data["program_height"] = 20 + 44 * len(data["programs"])
    return render(request, "staffing/reshoring.html", data)
