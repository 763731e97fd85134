from django import forms
from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from applicants.models import Company, CompanyMember
from applicants.validators import normalize_business_number, validate_business_number
from programs.choices import item_choices, sector_choices
from programs.forms import HSPrefixesField
from programs.models import PromisingItem, Sector

PROFILE_FIELDS = [
    "name_ko",
    "name_en",
    "representative",
    "size",
    "region",
    "sector",
    "promising_items",
    "other_hs_codes",
    "exports_to_china_last_year",
    "exports_to_china_this_year",
    "employees",
    "contact_email",
    "contact_phone",
]


class BusinessNumberField(forms.CharField):
    """Typed as 123-45-67890 or ten digits; cleaned to ten digits."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Business registration number"))
        kwargs.setdefault("help_text", _("Ten digits, for example 123-45-67890."))
        kwargs.setdefault("max_length", 14)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        return normalize_business_number(super().to_python(value))

    def validate(self, value):
        super().validate(value)
        validate_business_number(value)


class CompanyProfileForm(forms.ModelForm):
    """The export profile of a company; the view hands the cleaned data to a service."""

    other_hs_codes = HSPrefixesField(
        label=_("Other HS codes exported"),
        required=False,
        help_text=_("Products outside the promising items, separated by commas: 8507, 854232"),
    )

    class Meta:
        model = Company
        fields = PROFILE_FIELDS
        widgets = {
            "promising_items": forms.CheckboxSelectMultiple,
            "contact_email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "contact_phone": forms.TextInput(attrs={"autocomplete": "tel"}),
        }
        help_texts = {
            "sector": _("The industry of your main export product."),
            "promising_items": _("Tick the promising export items your company exports."),
            "exports_to_china_last_year": _("In US dollars; cents allowed."),
            "exports_to_china_this_year": _("In US dollars, from January to today."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        sector = self.fields["sector"]
        # Industries within their areas; an area without industries stands for itself.
        sector.queryset = (
            Sector.objects.filter(Q(parent__isnull=False) | Q(children__isnull=True))
            .select_related("parent")
            .order_by("parent__position", "parent__code", "position", "code")
            .distinct()
        )
        every_sector = Sector.objects.select_related("parent")
        sector.choices = [("", "---------"), *sector_choices(every_sector, areas_selectable=False)]
        items = self.fields["promising_items"]
        items.queryset = PromisingItem.objects.select_related("sector__parent")
        items.choices = item_choices(items.queryset)


class CompanyRegistrationForm(CompanyProfileForm):
    business_number = BusinessNumberField()

    field_order = ["business_number", *PROFILE_FIELDS]

    def clean_business_number(self):
        number = self.cleaned_data["business_number"]
        if Company.objects.filter(business_number=number).exists():
            self.add_business_number_taken_error(number)
        return number

    def add_business_number_taken_error(self, number: str) -> None:
        join = reverse("companies:join") + "?" + urlencode({"business_number": number})
        self.add_error(
            "business_number",
            forms.ValidationError(
                format_html(
                    '{} <a href="{}" class="alert-link">{}</a>',
                    _(
                        "This company is already registered — ask its owner to invite you, "
                        "or ask to join."
                    ),
                    join,
                    _("Ask to join this company"),
                ),
                code="taken",
            ),
        )


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        help_text=_("We will send this address a link to join; it is valid for seven days."),
        widget=forms.EmailInput(attrs={"autofocus": True}),
    )


class JoinRequestForm(forms.Form):
    business_number = BusinessNumberField()
    message = forms.CharField(
        label=_("Message to the owner"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional: who you are and what you do in the company."),
    )

    def clean_business_number(self):
        number = self.cleaned_data["business_number"]
        self.company = Company.objects.filter(business_number=number).first()
        if self.company is None:
            raise forms.ValidationError(
                _("No company is registered with this number yet. You can register it."),
                code="unknown",
            )
        return number


class OwnershipTransferForm(forms.Form):
    new_owner = forms.ModelChoiceField(
        label=_("New owner"),
        queryset=CompanyMember.objects.none(),
        empty_label=None,
        help_text=_("You stay a member of the company, without the owner's rights."),
    )

    def __init__(self, *args, company, by, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_owner"].queryset = (
            CompanyMember.objects.filter(company=company)
            .exclude(user=by)
            .select_related("user")
            .order_by("user__full_name")
        )
        self.fields["new_owner"].label_from_instance = lambda member: (
            f"{member.user.full_name} ({member.user.email})"
        )
