"""Administrators' insight pages: the export indicators, their CSV import, and the
program results of every center."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods

from accounts.decorators import administrator_required
from cases.models import Case
from insights import charts, imports, outcomes, reports
from insights.indicators import all_series
from programs.formatting import krw

# The preview sends the file back as a form field: it must stay well under the site's
# DATA_UPLOAD_MAX_MEMORY_SIZE (1 MB). 5,000 rows take about 300 KB.
MAX_UPLOAD_BYTES = 512 * 1024


class IndicatorsUploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("CSV file"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The columns' names are the file's, in every language: marked as code, in English.
        self.fields["file"].help_text = format_html(
            _(
                "Columns: {columns}. The month as YYYY-MM, the market china or all, the "
                "product group all or semiconductors; imports may be empty. UTF-8."
            ),
            columns=format_html(
                '<code lang="en">{}</code>',
                "month, market, product_group, exports_usd, imports_usd",
            ),
        )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 512 KB."))
        try:
            text = upload.read().decode("utf-8")
        except UnicodeDecodeError:
            raise forms.ValidationError(_("The file is not UTF-8 text.")) from None
        try:
            self.rows = imports.parse(text)
        except imports.CSVRefused as refused:
            raise forms.ValidationError(
                [
                    _("Line %(line)s: %(reason)s") % {"line": e.line, "reason": e.reason}
                    for e in refused.errors
                ]
                + [_("Nothing from this file was imported.")]
            ) from None
        self.text = text
        return upload


class IndicatorsConfirmForm(forms.Form):
    # The previewed file itself, sent back: parsed again, so what is imported is checked.
    text = forms.CharField(widget=forms.HiddenInput, strip=False, max_length=MAX_UPLOAD_BYTES)


def _chart(series) -> str:
    lines = [(_("Exports"), [p.exports_millions for p in series.points])]
    if any(p.imports is not None for p in series.points):
        lines.append((_("Imports"), [p.imports_millions for p in series.points]))
    return charts.line_chart(
        title=series.label,
        x_labels=[date_format(p.month, "YEAR_MONTH_FORMAT") for p in series.points],
        lines=lines,
    )


@administrator_required
@require_GET
def indicators(request):
    series = all_series()
    return render(
        request,
        "staffing/indicators.html",
        {"series": [(s, _chart(s)) for s in series]},
    )


@administrator_required
@require_http_methods(["GET", "POST"])
def indicators_import(request):
    upload, preview = IndicatorsUploadForm(), None
    if request.method == "POST" and "text" in request.POST:
        confirm = IndicatorsConfirmForm(request.POST)
        if confirm.is_valid():
            try:
                count = imports.indicators_import(text=confirm.cleaned_data["text"])
            except imports.CSVRefused:
                messages.error(request, _("The file changed and was refused; upload it again."))
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(count)s monthly figure imported.",
                        "%(count)s monthly figures imported.",
                        count,
                    )
                    % {"count": count},
                )
                return redirect("staffing:indicators")
    elif request.method == "POST":
        upload = IndicatorsUploadForm(request.POST, request.FILES)
        if upload.is_valid():
            preview = {
                "rows": upload.rows,
                "form": IndicatorsConfirmForm(initial={"text": upload.text}),
            }
    return render(request, "staffing/indicators_import.html", {"form": upload, "preview": preview})


@administrator_required
@require_GET
def results(request):
    """Every center's results."""
    today = timezone.localdate()
    form = reports.period_form(request, today)
    found = reports.results_for(Case.objects.all(), form, today)
    if found and form.cleaned_data["csv"]:
        return reports.results_csv(found, form.cleaned_data["csv"])
    return render(
        request,
        "staffing/results.html",
        {
            "form": form,
            "results": found,
            "chart": found and reports.results_chart(found),
            "outcomes": [
                (_("Per program"), outcomes.outcome_comparison("program")),
                (_("Per sector"), outcomes.outcome_comparison("sector")),
            ],
        },
    )


class GoalForm(forms.Form):
    amount_krw = forms.IntegerField(label=gettext_lazy("Goal (won)"), min_value=1, max_value=10**16)
    year = forms.IntegerField(label=gettext_lazy("By the end of"), min_value=2023, max_value=2100)


def _goal_chart(rows) -> str:
    return charts.line_chart(
        title=_("Renewable-energy exports against the path to the goal"),
        x_labels=[str(row["year"]) for row in rows],
        lines=[
            (_("Reported, cumulative"), [row["cumulative"] for row in rows]),
            (_("Straight path to the goal"), [row["path"] for row in rows]),
        ],
        formatter=krw,
    )


@administrator_required
@require_http_methods(["GET", "POST"])
def goal(request):
    progress = outcomes.renewables_progress(timezone.localdate())
    form = GoalForm(
        request.POST or None,
        initial={"amount_krw": progress["goal"].amount_krw, "year": progress["goal"].year},
    )
    if request.method == "POST" and form.is_valid():
        outcomes.renewables_goal_set(**form.cleaned_data)
        messages.success(request, _("The goal is changed."))
        return redirect("staffing:goal")
    rows = outcomes.renewables_by_year(progress["goal"], timezone.localdate())
    return render(
        request,
        "staffing/goal.html",
        {"progress": progress, "rows": rows, "chart": _goal_chart(rows), "form": form},
    )
