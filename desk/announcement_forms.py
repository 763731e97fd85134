"""The form a center lead fills in to post an announcement; the service decides."""

from django import forms
from django.utils.translation import gettext_lazy as _

from programs.models import Sector


class AnnouncementForm(forms.Form):
    center = forms.ModelChoiceField(label=_("Center"), queryset=None)
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Message"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What the opportunity is, for whom, by when, and how to take it up."),
    )
    sectors = forms.ModelMultipleChoiceField(
        label=_("Sectors"),
        queryset=Sector.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Choosing an area includes all its industries. Choose none to tell every company."
        ),
    )

    def __init__(self, *args, centers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["center"].queryset = centers
        if len(centers) == 1:
            self.fields["center"].initial = centers[0].pk
        sectors = list(Sector.objects.select_related("parent").order_by("position", "code"))
        self.sector_groups = [
            {
                "area": area,
                "options": [area, *(s for s in sectors if s.parent_id == area.pk)],
            }
            for area in sectors
            if area.parent_id is None
        ]

    def chosen_sector_ids(self) -> set[str]:
        """The sectors ticked (as posted, or as they were), for the grouped checkboxes."""
        return {str(value) for value in self["sectors"].value() or []}
