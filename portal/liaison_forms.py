"""The forms companies fill in about their difficulties in China and the opportunities they
take up; the services in outreach/ decide."""

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from cases.documents import ACCEPTED_LABELS, check_upload, max_size
from cases.models import Case, CaseState
from centers.models import ChineseProvince
from outreach.models import Difficulty


def _checked(upload):
    if upload:
        _kind, error = check_upload(upload)
        if error:
            raise forms.ValidationError(error)
    return upload


def _attachment_help() -> str:
    size = max_size() // (1024 * 1024)
    return _("%(types)s; %(size)s MB at most.") % {"types": ACCEPTED_LABELS, "size": size}


def _attachment_field():
    # Lazy: the field is built once, at import, but read in each reader's language.
    return forms.FileField(
        label=_("Attachment"), required=False, help_text=lazy(_attachment_help, str)()
    )


class DifficultyReportForm(forms.Form):
    company = forms.ModelChoiceField(label=_("Company"), queryset=None)
    kind = forms.ChoiceField(label=_("What is the difficulty?"), choices=Difficulty.Kind.choices)
    province = forms.ChoiceField(label=_("Province"), choices=ChineseProvince.choices)
    authority = forms.CharField(
        label=_("Authority concerned"),
        max_length=200,
        help_text=_("For instance the customs office of the port, or the city's market bureau."),
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What happened, since when, what it costs you, what you have tried."),
    )
    case = forms.ModelChoiceField(
        label=_("Application concerned (if any)"), queryset=None, required=False
    )
    attachment = _attachment_field()

    def __init__(self, *args, companies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["company"].queryset = companies
        if len(companies) == 1:
            self.fields["company"].initial = companies[0].pk
        self.fields["case"].queryset = (
            Case.objects.filter(company__in=companies)
            .exclude(state=CaseState.DRAFT)
            .select_related("company")
            .order_by("-submitted_at")
        )

    def clean_attachment(self):
        return _checked(self.cleaned_data.get("attachment"))

    def clean(self):
        data = super().clean()
        case, company = data.get("case"), data.get("company")
        if case is not None and company is not None and case.company_id != company.pk:
            self.add_error("case", _("That application is not one of this company's."))
        return data


class DifficultyAnswerForm(forms.Form):
    text = forms.CharField(
        label=_("Your answer"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    attachment = _attachment_field()

    def clean_attachment(self):
        return _checked(self.cleaned_data.get("attachment"))


class InterestForm(forms.Form):
    company = forms.ModelChoiceField(label=_("Company"), queryset=None)
    message = forms.CharField(
        label=_("Short message"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What you offer and whom the center should introduce you to."),
    )

    def __init__(self, *args, companies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["company"].queryset = companies
        if len(companies) == 1:
            self.fields["company"].initial = companies[0].pk
