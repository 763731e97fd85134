import unicodedata

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from programs.formatting import krw
from programs.models import CompanySize, Program, PromisingItem, validate_hs_prefixes


class HSPrefixesField(forms.CharField):
    """HS code prefixes typed as "8507, 854232" and stored as a list of strings."""

    def __init__(self, *, max_length=300, **kwargs):
        super().__init__(max_length=max_length, **kwargs)

    def prepare_value(self, value):
        return ", ".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        # NFKC: full-width digits and commas typed in a Korean input method become ASCII.
        text = unicodedata.normalize("NFKC", super().to_python(value))
        # The limit is on what was typed; the validators see the list it becomes.
        for validator in self.validators:
            if isinstance(validator, MaxLengthValidator):
                validator(text)
        return [
            part.replace(".", "").strip()
            for part in text.replace(";", ",").split(",")
            if part.strip()
        ]

    def validate(self, value):
        super().validate(value)
        if value or self.required:
            validate_hs_prefixes(value)


class PromisingItemAdminForm(forms.ModelForm):
    hs_prefixes = HSPrefixesField(
        label=_("HS code prefixes"),
        help_text=_("Separated by commas, for example: 8507, 854232"),
    )

    class Meta:
        model = PromisingItem
        fields = ["code", "name_ko", "name_en", "name_zh", "sector", "hs_prefixes"]


class ProgramAdminForm(forms.ModelForm):
    company_sizes = forms.TypedMultipleChoiceField(
        label=_("Company sizes served"),
        choices=CompanySize.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Tick none to serve every size."),
    )

    class Meta:
        model = Program
        # Not `committed`: only the decision service moves money.
        fields = [
            "kind", "code", "name_ko", "name_en", "name_zh",
            "description_ko", "description_en", "description_zh",
            "sectors", "company_sizes", "requires_promising_item", "min_amount", "max_amount",
            "budget", "opens_at", "closes_at", "required_documents",
            "sla_first_response_days", "sla_decision_days", "is_published",
        ]  # fmt: skip

    def clean_budget(self):
        """Not below what approvals already committed (the database's constraint refuses it
        too, but as an error page). The admin validates and saves in one transaction: the
        program's row stays locked from this read to the save, so an approval committed
        meanwhile waits, then finds the new budget, instead of making this save fail."""
        budget = self.cleaned_data["budget"]
        if self.instance.pk is None or budget is None:
            return budget
        committed = (
            Program.objects.select_for_update()
            .values_list("committed", flat=True)
            .get(pk=self.instance.pk)
        )
        if budget < committed:
            raise forms.ValidationError(
                _(
                    "The budget cannot be less than the %(committed)s already committed "
                    "to approved cases."
                ),
                params={"committed": krw(committed)},
                code="below_committed",
            )
        return budget
