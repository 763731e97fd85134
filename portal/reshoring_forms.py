"""The forms of a reshoring case in the portal: the relocation plan, a milestone's
evidence and the company's report of a closure or a shortfall."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.documents import ACCEPTED_LABELS, check_upload, max_size
from programs.formatting import krw
from reshoring import rules
from reshoring.models import RecoveryCause, RelocationPlan
from reshoring.services import PLAN_FIELDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RelocationPlanForm(forms.ModelForm):
    """The application of a reshoring program. Bounds are checked here, next to their field;
    the program's rules (the minimum cut, the same KSIC group) say in plain words what a
    plan lacks."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)
    cut_percent = forms.IntegerField(
        label=_("Share of overseas production to be cut (%)"),
        min_value=0,
        max_value=100,
        error_messages={
            "min_value": _("Enter a share between 0 and 100 %%."),
            "max_value": _("Enter a share between 0 and 100 %%."),
        },
    )
    planned_investment = forms.IntegerField(
        label=_("Planned investment in Korea (KRW)"),
        min_value=1,
        help_text=_("In whole won."),
        error_messages={"min_value": _("The planned investment must be more than 0 won.")},
    )

    class Meta:
        model = RelocationPlan
        fields = PLAN_FIELDS
        widgets = {"starts_on": DATE, "production_on": DATE}

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case
        self.rules = rules.settings_for(case.program)
        self.fields["version"].initial = case.version
        self.fields["cut_percent"].help_text = _("This program asks for at least %(min)s %%.") % {
            "min": self.rules.min_cut_percent
        }
        self.fields["korea_ksic"].help_text = _(
            "The first %(digits)s digits must match those of the products in China."
        ) % {"digits": self.rules.ksic_digits}
        self.fields["planned_investment"].help_text = _(
            "In whole won. The program pays up to %(rate)s %% of it, at most %(cap)s."
        ) % {"rate": self.rules.subsidy_rate_percent, "cap": krw(self.rules.cap_per_company)}

    def clean(self):
        cleaned = super().clean()
        problems = rules.plan_problems(
            self.rules,
            cut_percent=cleaned.get("cut_percent"),
            china_ksic=cleaned.get("china_ksic"),
            korea_ksic=cleaned.get("korea_ksic"),
        )
        for field, message in problems.items():
            self.add_error(field, message)
        starts, production = cleaned.get("starts_on"), cleaned.get("production_on")
        if starts and production and production < starts:
            self.add_error("production_on", _("Production cannot start before the relocation."))
        return cleaned


class EvidenceForm(forms.Form):
    evidence = forms.FileField(label=_("Evidence"))

    def __init__(self, *args, milestone, **kwargs):
        super().__init__(*args, auto_id=f"id_m{milestone.pk}_%s", **kwargs)
        self.fields["evidence"].help_text = _("%(types)s; %(size)s MB at most.") % {
            "types": ACCEPTED_LABELS,
            "size": max_size() // (1024 * 1024),
        }

    def clean_evidence(self):
        upload = self.cleaned_data["evidence"]
        _kind, error = check_upload(upload)
        if error:
            raise forms.ValidationError(error)
        return upload


class ClosureReportForm(forms.Form):
    """The company reports a closure, or missed jobs or production; the check that follows
    may ask it to pay subsidy back, so it confirms first."""

    cause = forms.ChoiceField(
        label=_("What do you report?"),
        choices=[
            (RecoveryCause.CLOSURE, _("We closed our facility in Korea")),
            (RecoveryCause.SHORTFALL, _("We missed the planned jobs or production")),
        ],
        widget=forms.RadioSelect,
    )
    realised_jobs = forms.IntegerField(
        label=_("Jobs in Korea now"), min_value=0, max_value=1_000_000, required=False
    )
    months_operated = forms.IntegerField(
        label=_("Months of production in Korea so far"),
        min_value=0,
        max_value=1200,
        required=False,
    )
    confirm = forms.BooleanField(
        label=_(
            "I confirm this report. I understand that the obligations are checked at once and "
            "that part or all of the subsidy paid may have to be paid back."
        )
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="report", **kwargs)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("cause") == RecoveryCause.SHORTFALL:
            for name in ("realised_jobs", "months_operated"):
                if cleaned.get(name) is None and name not in self.errors:
                    self.add_error(name, _("Needed to compute the shortfall."))
        return cleaned
