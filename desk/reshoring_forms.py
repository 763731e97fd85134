"""The official's forms on a reshoring case: the schedule, a milestone returned, a tranche
paid, the obligation check and the repayment."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cases import sla
from programs.formatting import krw
from reshoring.models import MilestoneKind, RecoveryCause

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _date(label):
    return forms.DateField(label=label, widget=DATE, initial=sla.today)


class ScheduleForm(forms.Form):
    """A tranche (possibly none) and a due date per milestone; the tranches add up to the
    approved amount, which the database checks too."""

    def __init__(self, *args, case, milestones, **kwargs):
        super().__init__(*args, prefix="schedule", **kwargs)
        self.approved = case.approved_amount or 0
        self.kinds = [m.kind for m in milestones]
        for milestone in milestones:
            label = MilestoneKind(milestone.kind).label
            self.fields[f"amount_{milestone.kind}"] = forms.IntegerField(
                label=_("Tranche for “%(milestone)s” (KRW)") % {"milestone": label},
                min_value=0,
                required=False,
                initial=0,
            )
            self.fields[f"due_{milestone.kind}"] = forms.DateField(
                label=_("“%(milestone)s” due") % {"milestone": label},
                widget=DATE,
                initial=milestone.due_on,
            )

    def clean(self):
        cleaned = super().clean()
        amounts = [cleaned.get(f"amount_{kind}") or 0 for kind in self.kinds]
        if not self.errors and sum(amounts) != self.approved:
            raise forms.ValidationError(
                _("The tranches add up to %(total)s; the approved amount is %(approved)s."),
                params={"total": krw(sum(amounts)), "approved": krw(self.approved)},
                code="sum",
            )
        return cleaned

    def amounts(self) -> dict:
        return {k: self.cleaned_data[f"amount_{k}"] or 0 for k in self.kinds}

    def due_dates(self) -> dict:
        return {k: self.cleaned_data[f"due_{k}"] for k in self.kinds}


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the evidence returned?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, milestone, **kwargs):
        super().__init__(*args, auto_id=f"id_return_{milestone.pk}_%s", **kwargs)


class PaymentForm(forms.Form):
    paid_on = _date(_("Paid on"))

    def __init__(self, *args, tranche, **kwargs):
        super().__init__(*args, auto_id=f"id_pay_{tranche.pk}_%s", **kwargs)


class RecoveryForm(forms.Form):
    cause = forms.ChoiceField(label=_("Why are the obligations checked?"), choices=RecoveryCause)
    realised_jobs = forms.IntegerField(label=_("Jobs in Korea now"), min_value=0)
    months_operated = forms.IntegerField(
        label=_("Months of production in Korea so far"), min_value=0, max_value=1200
    )
    realised_investment = forms.IntegerField(
        label=_("Investment realised (KRW)"), min_value=0, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="recovery", **kwargs)


class RepaymentForm(forms.Form):
    repaid_on = _date(_("Repaid on"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="repayment", **kwargs)
