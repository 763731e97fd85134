"""The forms officials fill in about difficulties, contacts and opportunities; the services
in outreach/ decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from outreach.models import Difficulty, DifficultyEntry, Interest


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
