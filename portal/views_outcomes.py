"""A company's outcome reports, answered on its case page."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from accounts.decorators import verified_email_required
from insights import outcomes
from insights.models import OutcomeReport
from portal.views import get_own_case


class OutcomeReportForm(forms.Form):
    exports_to_china_usd = forms.DecimalField(
        label=gettext_lazy("Exports to China in the period (US$)"),
        min_value=0,
        max_digits=16,
        decimal_places=2,
    )
    renewable_exports_krw = forms.IntegerField(
        label=gettext_lazy("Renewable-energy exports in the period (won)"),
        min_value=0,
        max_value=10**15,
        required=False,
        help_text=gettext_lazy("Solar, wind and hydrogen products, to every market."),
    )

    def __init__(self, *args, renewable: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not renewable:
            del self.fields["renewable_exports_krw"]


@verified_email_required
@require_http_methods(["GET", "POST"])
def outcome_report(request, pk, months):
    case = get_own_case(request.user, pk)
    report = get_object_or_404(OutcomeReport, case=case, months_after=months)
    renewable = outcomes.is_renewable(case.company)
    initial = {
        "exports_to_china_usd": report.exports_to_china_usd,
        "renewable_exports_krw": report.renewable_exports_krw,
    }
    form = OutcomeReportForm(request.POST or None, initial=initial, renewable=renewable)
    if request.method == "POST" and form.is_valid():
        outcomes.outcome_report_submit(
            report=report,
            exports_to_china_usd=form.cleaned_data["exports_to_china_usd"],
            renewable_exports_krw=form.cleaned_data.get("renewable_exports_krw"),
            by=request.user,
        )
        messages.success(request, _("Thank you: your outcome report is sent."))
        return redirect("portal:detail", pk=case.pk)
    return render(
        request, "portal/outcome_report.html", {"case": case, "report": report, "form": form}
    )
