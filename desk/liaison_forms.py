"""The forms officials fill in about difficulties, contacts and opportunities; the services
in outreach/ decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from centers.models import ChineseProvince
from outreach.models import Difficulty, DifficultyEntry, Interest, Opportunity
from programs.models import PromisingItem, Sector


class DifficultyRecordForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What are you recording?"),
        choices=[
            (DifficultyEntry.Kind.ACTION, _("An action taken (the company sees it)")),
            (DifficultyEntry.Kind.NOTE, _("An internal note (officials only)")),
            (DifficultyEntry.Kind.ASKED, _("A question to the company (the clock stops)")),
        ],
        widget=forms.RadioSelect,
        initial=DifficultyEntry.Kind.ACTION,
    )
    text = forms.CharField(
        label=_("Text"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class DifficultyCloseForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[(value, Difficulty.Status(value).label) for value in Difficulty.OUTCOMES],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("What came of it, and why"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The company reads this."),
    )


class InterestStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Interest.Status.choices)


class OpportunityForm(forms.Form):
    center = forms.ModelChoiceField(label=_("Center"), queryset=None)
    kind = forms.ChoiceField(label=_("Kind"), choices=Opportunity.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What is sought, from whom, by when, and how to take it up."),
    )
    province = forms.ChoiceField(label=_("Province"), choices=ChineseProvince.choices)
    deadline = forms.DateField(label=_("Deadline"), widget=forms.DateInput(attrs={"type": "date"}))
    sectors = forms.ModelMultipleChoiceField(
        label=_("Sectors"),
        queryset=Sector.objects.select_related("parent").order_by("position", "code"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choosing an area includes all its industries."),
    )
    items = forms.ModelMultipleChoiceField(
        label=_("Promising export items"),
        queryset=PromisingItem.objects.order_by("code"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, centers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["center"].queryset = centers
        if len(centers) == 1:
            self.fields["center"].initial = centers[0].pk
