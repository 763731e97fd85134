"""The administrators' staffing forms: they parse input; the services decide."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from accounts.models import SecurityEvent
from centers.models import StaffAssignment, SupportCenter, TradeOfficial
from programs.models import Sector


def _reason_field():
    return forms.CharField(
        label=_("Reason"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def _centers_open_or_planned():
    return SupportCenter.objects.exclude(status=SupportCenter.Status.CLOSED)


def _handover_field(assignment: StaffAssignment):
    """A colleague at the official's current center, or (the empty choice) spread by load."""
    colleagues = (
        TradeOfficial.objects.working_at([assignment.center_id], role=StaffAssignment.Role.OFFICER)
        .exclude(pk=assignment.official_id)
        .select_related("user")
    )
    return forms.ModelChoiceField(
        label=_("Hand over open cases to"),
        queryset=colleagues,
        required=False,
        empty_label=_("Spread them by load among the officers there"),
        help_text=_("A trade officer at %(center)s.") % {"center": assignment.center.name},
    )


def _starts_on_field():
    return forms.DateField(
        label=_("Starts on"),
        required=False,
        # ISO, as a date input takes it whatever the page's locale (see desk.forms).
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Today if left empty. Until then the official does not work there."),
    )


class StaffAssignForm(forms.Form):
    official = forms.ModelChoiceField(
        label=_("Trade official"),
        queryset=TradeOfficial.objects.filter(is_active=True)
        .exclude(pk__in=StaffAssignment.objects.current().values("official"))
        .select_related("user"),
        help_text=_("Active officials who neither work at a center nor are due to start at one."),
    )
    center = forms.ModelChoiceField(label=_("Center"), queryset=_centers_open_or_planned())
    role = forms.ChoiceField(
        label=_("Role"), choices=StaffAssignment.Role.choices, initial=StaffAssignment.Role.OFFICER
    )
    starts_on = _starts_on_field()
    reason = _reason_field()


class StaffMoveForm(forms.Form):
    to_center = forms.ModelChoiceField(label=_("Move to"), queryset=SupportCenter.objects.none())
    role = forms.ChoiceField(label=_("Role there"), choices=StaffAssignment.Role.choices)
    reason = _reason_field()

    def __init__(self, *args, assignment: StaffAssignment, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_center"].queryset = _centers_open_or_planned().exclude(
            pk=assignment.center_id
        )
        self.fields["role"].initial = assignment.role
        self.fields["handover_to"] = _handover_field(assignment)


class StaffEndForm(forms.Form):
    reason = _reason_field()

    def __init__(self, *args, assignment: StaffAssignment, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handover_to"] = _handover_field(assignment)


class StaffDeactivateForm(forms.Form):
    reason = _reason_field()

    def __init__(self, *args, assignment: StaffAssignment | None, **kwargs):
        super().__init__(*args, **kwargs)
        if assignment is not None:
            self.fields["handover_to"] = _handover_field(assignment)


class OfficialAddForm(forms.Form):
    """A new trade official's account and profile, and (if a center is chosen) where they
    start. The e-mail address is checked by the service, which names a duplicate here."""

    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        help_text=_("They are sent a link to choose their password."),
    )
    language = forms.ChoiceField(
        label=_("Language of their e-mails"),
        choices=settings.LANGUAGES,
        initial=settings.LANGUAGE_CODE,
    )
    title = forms.CharField(label=_("Job title"), max_length=100)
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"),
        choices=TradeOfficial.LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    specialties = forms.ModelMultipleChoiceField(
        label=_("Sector specialties"),
        queryset=Sector.objects.all(),
        required=False,
        help_text=_("Cases of these sectors are suggested to them first."),
    )
    max_open_cases = forms.IntegerField(
        label=_("Maximum open cases"), min_value=1, max_value=32767, initial=200
    )
    center = forms.ModelChoiceField(
        label=_("First assignment"),
        queryset=_centers_open_or_planned(),
        required=False,
        empty_label=_("None yet"),
    )
    role = forms.ChoiceField(
        label=_("Role"), choices=StaffAssignment.Role.choices, initial=StaffAssignment.Role.OFFICER
    )
    starts_on = _starts_on_field()
    reason = forms.CharField(
        label=_("Reason for the assignment"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CenterCloseForm(forms.Form):
    to_center = forms.ModelChoiceField(
        label=_("Its provinces, staff and open cases go to"),
        queryset=SupportCenter.objects.none(),
        empty_label=None,
    )
    reason = _reason_field()
    # Closing moves people and cases at once and cannot be undone by reopening: the
    # administrator says so in as many words, not with one click.
    confirm = forms.BooleanField(
        error_messages={"required": _("Tick the box to confirm the closure.")},
    )

    def __init__(self, *args, center: SupportCenter, **kwargs):
        super().__init__(*args, **kwargs)
        # The headquarters first (the centers' order), so it is the proposed choice.
        self.fields["to_center"].queryset = SupportCenter.objects.open().exclude(pk=center.pk)
        self.fields["confirm"].label = _(
            "Yes, close %(center)s and move its provinces, staff and open cases now"
        ) % {"center": center.name}

    def clean(self):
        cleaned = super().clean()
        cleaned.pop("confirm", None)  # for the page, not the service
        return cleaned


class SecurityLogFilterForm(forms.Form):
    person = forms.CharField(label=_("E-mail address contains"), max_length=254, required=False)
    action = forms.ChoiceField(
        label=_("Action"),
        choices=[("", _("Every action")), *SecurityEvent.Action.choices],
        required=False,
    )
    before = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
