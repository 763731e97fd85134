"""The form an official declares a conflict of interest with: a company found by its
business registration number or its name, the kind of tie, a note."""

from django import forms
from django.utils.translation import gettext_lazy as _

from applicants.models import Company
from cases.conflicts import ConflictOfInterest


class CompanyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name_ko} / {obj.name_en} ({obj.business_number_display})"


class ConflictSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Find the company"),
        max_length=100,
        required=False,
        help_text=_("Its business registration number, or part of its name."),
    )


class ConflictForm(forms.Form):
    q = forms.CharField(widget=forms.HiddenInput, required=False, max_length=100)
    company = CompanyChoiceField(
        label=_("Company"),
        queryset=Company.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
    )
    kind = forms.ChoiceField(
        label=_("Your tie to it"),
        choices=ConflictOfInterest.Kind.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: since when, how large a stake. Administrators read it."),
    )

    def __init__(self, *args, companies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["company"].queryset = companies
