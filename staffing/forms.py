"""The administrators' staffing forms: they parse input; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from centers.models import StaffAssignment, SupportCenter, TradeOfficial


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


class StaffAssignForm(forms.Form):
    official = forms.ModelChoiceField(
        label=_("Trade official"),
        queryset=TradeOfficial.objects.filter(is_active=True)
        .exclude(pk__in=StaffAssignment.objects.current().values("official"))
        .select_related("user"),
        help_text=_("Active officials who do not work at a center now."),
    )
    center = forms.ModelChoiceField(label=_("Center"), queryset=_centers_open_or_planned())
    role = forms.ChoiceField(
        label=_("Role"), choices=StaffAssignment.Role.choices, initial=StaffAssignment.Role.OFFICER
    )
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
