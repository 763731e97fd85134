from django import forms
from django.utils.translation import gettext_lazy as _

from centers.models import CenterProvince, ChineseProvince, SupportCenter


class SupportCenterForm(forms.ModelForm):
    """A center with its jurisdiction; an overlap with another open center is named."""

    provinces = forms.MultipleChoiceField(
        label=_("Jurisdiction"),
        choices=ChineseProvince.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("The provinces whose cases this center handles while it is open."),
    )

    class Meta:
        model = SupportCenter
        fields = [
            "code", "name_ko", "name_en", "name_zh", "city", "province", "address",
            "contact_email", "contact_phone", "status", "is_headquarters", "opened_on",
            "closed_on",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["provinces"] = list(
                self.instance.jurisdiction.values_list("province", flat=True)
            )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == SupportCenter.Status.OPEN:
            taken = (
                CenterProvince.objects.filter(
                    is_active=True, province__in=cleaned.get("provinces", [])
                )
                .exclude(center=self.instance.pk)
                .select_related("center")
            )
            for row in taken:
                self.add_error(
                    "provinces",
                    _("%(province)s is already covered by %(center)s.")
                    % {"province": row.get_province_display(), "center": row.center.name},
                )
        return cleaned
