"""The administrators' overview of the liaison with Chinese authorities: which bodies the
centers met in a quarter, on what, with what result; one page and the same as CSV."""

import csv

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.decorators import administrator_required
from cases import sla
from centers.models import ChineseProvince
from outreach import selectors
from outreach.models import Difficulty, Level
from programs.models import localized


def _period(request):
    quarters = selectors.recent_quarters(sla.today())
    quarter = request.GET.get("quarter", "")
    if selectors.quarter_bounds(quarter) is None:
        quarter = quarters[0]
    return quarter, quarters, selectors.quarter_bounds(quarter)


def _province(code: str) -> str:
    return ChineseProvince(code).label if code else _("Central")


@administrator_required
@require_GET
def liaison_overview(request):
    quarter, quarters, (start, end) = _period(request)
    overview = selectors.liaison_overview(start, end)
    by_body = [
        {
            **row,
            "name": localized(row["body__name_ko"], row["body__name_en"]),
            "level": Level(row["body__level"]).label,
        }
        for row in overview.by_body
    ]
    by_province = [
        {**row, "province": _province(row["body__province"])} for row in overview.by_province
    ]
    by_level = [(label, overview.by_level.get(value, 0)) for value, label in Level.choices]
    outcomes = [
        (Difficulty.Status(value).label, overview.outcomes.get(value, 0))
        for value in [*Difficulty.OUTCOMES, *Difficulty.OPEN]
    ]
    context = {
        "quarter": quarter,
        "quarters": quarters,
        "start": start,
        "end": end,
        "contacts": overview.contacts,
        "by_body": by_body,
        "by_province": by_province,
        "by_level": by_level,
        "outcomes": outcomes,
    }
    return render(request, "staffing/liaison.html", context)


def _cell(value) -> str:
    """A spreadsheet must not run a cell as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@administrator_required
@require_GET
def liaison_csv(request):
    quarter, _quarters, (start, end) = _period(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="contacts-{quarter}.csv"'
    response.write("\ufeff")  # the BOM lets spreadsheets read Korean and Chinese
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Date"),
            _("Level"),
            _("Province"),
            _("Body"),
            _("Body in Chinese"),
            _("Counterpart"),
            _("Counterpart in Chinese"),
            _("Channel"),
            _("Support center"),
            _("Topics"),
            _("Outcome"),
            _("Difficulties taken up"),
            _("Opportunities opened"),
        ]
    )
    for contact in selectors.contacts_between(start, end):
        writer.writerow(
            _cell(value)
            for value in (
                contact.held_on.isoformat(),
                contact.body.get_level_display(),
                _province(contact.body.province),
                contact.body.name,
                contact.body.name_zh,
                contact.counterpart,
                contact.counterpart_zh,
                contact.get_channel_display(),
                contact.center.name,
                contact.topics,
                contact.outcome,
                contact.difficulty_count,
                contact.opportunity_count,
            )
        )
    return response
