from django import forms
from django.utils.translation import gettext_lazy as _

from cases.documents import ACCEPTED_LABELS
from cases.models import Case
from programs.models import PromisingItem, localized


class CaseDraftForm(forms.ModelForm):
    """The application; every field may stay empty in a draft, the checklist says what's left."""

    export_items = forms.ModelMultipleChoiceField(
        label=_("Promising export items concerned"),
        queryset=PromisingItem.objects.select_related("sector").order_by(
            "sector__position", "code"
        ),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Case
        fields = [
            "amount_requested",
            "purpose",
            "target_province",
            "target_city",
            "export_items",
            "planned_exports_to_china",
        ]
        widgets = {"purpose": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        program = self.instance.program
        self.fields["amount_requested"].help_text = _(
            "In whole won, between %(min)s and %(max)s."
        ) % {"min": f"{program.min_amount:,}", "max": f"{program.max_amount:,}"}
        self.fields["planned_exports_to_china"].min_value = 0
        self.fields["planned_exports_to_china"].widget.attrs["min"] = 0

    def clean_amount_requested(self):
        amount = self.cleaned_data["amount_requested"]
        program = self.instance.program
        if amount is not None and not program.min_amount <= amount <= program.max_amount:
            raise forms.ValidationError(
                _("This program pays between %(min)s and %(max)s won per case."),
                params={"min": f"{program.min_amount:,}", "max": f"{program.max_amount:,}"},
                code="amount_range",
            )
        return amount


class DocumentsForm(forms.Form):
    """One optional file input per document type the program requires."""

    def __init__(self, *args, document_types, **kwargs):
        super().__init__(*args, **kwargs)
        for document_type in document_types:
            self.fields[f"document_{document_type.pk}"] = forms.FileField(
                label=document_type.name,
                required=False,
                help_text=" ".join(
                    filter(
                        None,
                        [
                            localized(document_type.help_ko, document_type.help_en),
                            _("%(types)s; 20 MB at most.") % {"types": ACCEPTED_LABELS},
                        ],
                    )
                ),
            )
            self.fields[f"document_{document_type.pk}"].document_type = document_type

    def uploads(self):
        """(field name, document type, uploaded file) for each file chosen."""
        for name, field in self.fields.items():
            upload = self.files.get(self.add_prefix(name))
            if upload:
                yield name, field.document_type, upload


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you withdraw the application?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
