"""What the results pages of staffing/ (all centers) and desk/ (the reader's center)
share: the period form, the chart and the CSV of a table."""

import csv
import datetime

from django import forms
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from insights import charts
from insights.results import DIMENSIONS, Results, program_results


class PeriodForm(forms.Form):
    start = forms.DateField(
        label=gettext_lazy("From"), widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(label=gettext_lazy("To"), widget=forms.DateInput(attrs={"type": "date"}))
    csv = forms.ChoiceField(
        choices=[(d, d) for d in DIMENSIONS], required=False, widget=forms.HiddenInput
    )

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", _("The end of the period comes before its start."))
        return data


def period_form(request, today: datetime.date) -> PeriodForm:
    """The period in the query string; by default the twelve months up to today."""
    # The day after the same date a year before (28 February when today is the 29th).
    start = today.replace(year=today.year - 1, day=min(today.day, 28 if today.month == 2 else 31))
    start += datetime.timedelta(days=1)
    data = {"start": start.isoformat(), "end": today.isoformat()}
    data.update((key, request.GET[key]) for key in ("start", "end", "csv") if key in request.GET)
    return PeriodForm(data)


def results_for(cases, form: PeriodForm, today: datetime.date) -> Results | None:
    if not form.is_valid():
        return None
    # A CSV needs its own table only (and the totals, which come with every table).
    wanted = [form.cleaned_data["csv"]] if form.cleaned_data["csv"] else DIMENSIONS
    return program_results(
        cases,
        start=form.cleaned_data["start"],
        end=form.cleaned_data["end"],
        today=today,
        dimensions=wanted,
    )


def results_chart(results: Results) -> str:
    rows = results.table("program").rows
    return charts.bar_chart(
        title=_("Applications and approvals per program"),
        x_labels=[row.label for row in rows],
        bars=[
            (_("Applications"), [row.applications for row in rows]),
            (_("Approvals"), [row.approvals for row in rows]),
        ],
    )


def _cell(value) -> str:
    # A spreadsheet runs a cell that starts with = + - @ as a formula: names are quoted.
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def results_csv(results: Results, dimension: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"results-{dimension}-{results.start:%Y%m%d}-{results.end:%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response.write("\ufeff")  # so that spreadsheet programs read the Korean names as UTF-8
    writer = csv.writer(response)
    writer.writerow(
        [
            results.table(dimension).title,
            _("Applications"),
            _("Approvals"),
            _("Rejections"),
            _("Approval rate (%)"),
            _("First responses on time (%)"),
            _("Decisions on time (%)"),
            _("Median business days to first response"),
            _("Median business days to decision"),
            _("Requested (KRW)"),
            _("Approved (KRW)"),
            _("Paid (KRW)"),
            _("Repaid (KRW)"),
            _("Paid, net of repayments (KRW)"),
            _("Budget (KRW)"),
            _("Difficulties closed"),
            _("Difficulties resolved"),
        ]
    )
    for row in [*results.table(dimension).rows, results.totals]:
        writer.writerow(
            [
                _cell(row.label),
                row.applications,
                row.approvals,
                row.rejections,
                row.approval_rate,
                row.response_compliance,
                row.decision_compliance,
                row.response_median,
                row.decision_median,
                row.requested,
                row.approved,
                row.paid,
                row.repaid,
                row.paid_net,
                row.budget,
                row.difficulties_closed,
                row.difficulties_resolved,
            ]
        )
    return response
