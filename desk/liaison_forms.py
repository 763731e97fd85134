"""The forms officials fill in about difficulties, contacts and opportunities; the services
in outreach/ decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from centers.models import ChineseProvince
from outreach.models import (
    AuthorityBody,
    Contact,
    Difficulty,
    DifficultyEntry,
    Interest,
    Level,
    Opportunity,
)
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


class ContactForm(forms.Form):
    """A contact with a Chinese authority; its body is chosen from those known, or added."""

    center = forms.ModelChoiceField(label=_("Center"), queryset=None)
    body = forms.ModelChoiceField(
        label=_("Body"),
        queryset=AuthorityBody.objects.order_by("level", "province", "name_en"),
        required=False,
        help_text=_("Or, if it is not in the list, add it below."),
    )
    new_body_level = forms.ChoiceField(
        label=_("New body: level"), choices=[("", "—"), *Level.choices], required=False
    )
    new_body_province = forms.ChoiceField(
        label=_("New body: province"),
        choices=[("", "—"), *ChineseProvince.choices],
        required=False,
        help_text=_("None for a central body."),
    )
    new_body_name_zh = forms.CharField(
        label=_("New body: name in Chinese"), max_length=200, required=False
    )
    new_body_name_ko = forms.CharField(
        label=_("New body: name in Korean"), max_length=200, required=False
    )
    new_body_name_en = forms.CharField(
        label=_("New body: name in English"), max_length=200, required=False
    )
    counterpart = forms.CharField(
        label=_("Counterpart"), max_length=200, help_text=_("Name and title.")
    )
    counterpart_zh = forms.CharField(
        label=_("Counterpart in Chinese"), max_length=200, required=False
    )
    held_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    channel = forms.ChoiceField(label=_("Channel"), choices=Contact.Channel.choices)
    topics = forms.CharField(
        label=_("Topics"), max_length=3000, widget=forms.Textarea(attrs={"rows": 3})
    )
    outcome = forms.CharField(
        label=_("Outcome"), max_length=3000, widget=forms.Textarea(attrs={"rows": 3})
    )
    difficulties = forms.ModelMultipleChoiceField(
        label=_("Difficulties taken up"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    opportunities = forms.ModelMultipleChoiceField(
        label=_("Opportunities opened"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    follow_up = forms.CharField(label=_("Follow-up"), max_length=300, required=False)
    follow_up_due = forms.DateField(
        label=_("Follow-up due"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    NEW_BODY = ["new_body_level", "new_body_name_zh", "new_body_name_ko", "new_body_name_en"]

    def __init__(self, *args, centers, difficulties, opportunities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["center"].queryset = centers
        if len(centers) == 1:
            self.fields["center"].initial = centers[0].pk
        self.fields["difficulties"].queryset = difficulties
        self.fields["difficulties"].label_from_instance = lambda d: f"{d.company.name} · {d}"
        self.fields["opportunities"].queryset = opportunities

    def clean(self):
        data = super().clean()
        if data.get("body") is None:
            for name in self.NEW_BODY:
                if not data.get(name):
                    self.add_error(name, _("Choose a body above, or give this to add one."))
        if bool(data.get("follow_up")) != bool(data.get("follow_up_due")):
            self.add_error("follow_up_due", _("A follow-up needs what to do and by when."))
        return data
