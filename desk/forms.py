"""The officials' forms on the desk: one per action of the workflow, each carrying the case
version it was shown with, so a change made meanwhile by someone else is noticed."""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from cases import recusal, sla
from cases.decisions import Recommendation
from cases.models import Case, InformationItem, InformationRequest, Outcome, RejectionReason
from cases.rules import REQUESTABLE_FIELDS
from centers.models import TradeOfficial
from programs.models import DocumentType


def field_label(name: str) -> str:
    return capfirst(str(Case._meta.get_field(name).verbose_name))  # keeps "(US$)" as written


def limit(model, name: str) -> int:
    """The length a text is stored with: the form refuses more, and says so at the field."""
    return model._meta.get_field(name).max_length


# A reason is kept in the timeline, and as why a proposal was sent back.
REASON_LENGTH = limit(Recommendation, "sent_back_reason")


class ActionForm(forms.Form):
    """The base of every action form: the version of the case the official was looking at."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, case, **kwargs):
        self.case = case
        kwargs.setdefault("initial", {})["version"] = case.version
        super().__init__(*args, **kwargs)

    def service_data(self) -> dict:
        """The keyword arguments the transition takes, from the cleaned data."""
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data


class ReasonForm(ActionForm):
    reason = forms.CharField(
        label=_("Reason"), max_length=REASON_LENGTH, widget=forms.Textarea(attrs={"rows": 2})
    )


class AssignForm(ActionForm):
    assignee = forms.ModelChoiceField(label=_("Official"), queryset=TradeOfficial.objects.none())
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed when the case already has an official."),
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, case=case, **kwargs)
        # Nobody with a conflict of interest with the company is offered.
        self.fields["assignee"].queryset = (
            TradeOfficial.objects.working_at([case.center_id])
            .exclude(pk__in=recusal.barred_official_ids(case.company_id))
            .select_related("user")
            .order_by("user__full_name", "pk")
        )


class RequestInfoForm(ActionForm):
    fields_to_change = forms.MultipleChoiceField(
        label=_("Fields to change or complete"),
        choices=[],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    documents = forms.ModelMultipleChoiceField(
        label=_("Documents to upload"),
        queryset=DocumentType.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    questions = forms.CharField(
        label=_("Questions"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One question per line."),
    )
    message = forms.CharField(
        label=_("Why the information is needed"),
        max_length=limit(InformationRequest, "message"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The company reads this."),
    )
    # A date input takes ISO dates only, whatever the page's locale writes (2026/12/14 in
    # Chinese would leave it empty).
    due_on = forms.DateField(
        label=_("Answer by"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, case=case, **kwargs)
        self.fields["fields_to_change"].choices = [
            (name, field_label(name)) for name in REQUESTABLE_FIELDS
        ]
        self.fields["due_on"].initial = sla.add_business_days(sla.today(), 10)

    def clean_due_on(self):
        due_on = self.cleaned_data["due_on"]
        if due_on <= sla.today():
            raise forms.ValidationError(_("The answer must be due after today."))
        return due_on

    def clean_questions(self):
        questions = self.cleaned_data["questions"]
        longest = limit(InformationItem, "question")
        for line in questions.splitlines():
            if len(line.strip()) > longest:
                raise forms.ValidationError(
                    _("Each question may have at most %(limit)s characters (one has %(length)s).")
                    % {"limit": longest, "length": len(line.strip())}
                )
        return questions

    def clean(self):
        cleaned = super().clean()
        if not (
            cleaned.get("fields_to_change")
            or cleaned.get("documents")
            or (cleaned.get("questions") or "").strip()
        ):
            raise forms.ValidationError(
                _("Ask for at least one thing: a field, a document or a question.")
            )
        return cleaned

    def service_data(self) -> dict:
        data = self.cleaned_data
        items = [
            {"kind": InformationItem.Kind.FIELD, "field": name} for name in data["fields_to_change"]
        ]
        items += [
            {"kind": InformationItem.Kind.DOCUMENT, "document_type": document_type}
            for document_type in data["documents"]
        ]
        items += [
            {"kind": InformationItem.Kind.QUESTION, "question": line.strip()}
            for line in data["questions"].splitlines()
            if line.strip()
        ]
        return {"items": items, "message": data["message"], "due_on": data["due_on"]}


def amount_field(initial) -> forms.IntegerField:
    return forms.IntegerField(
        label=_("Amount (KRW)"),
        min_value=1,
        required=False,
        initial=initial,
        help_text=_("In whole won; at most the amount requested and the program's maximum."),
    )


class RecommendForm(ActionForm):
    outcome = forms.ChoiceField(
        label=_("Proposed decision"), choices=Outcome.choices, widget=forms.RadioSelect
    )
    conditions = forms.CharField(
        label=_("Conditions (if approved)"),
        required=False,
        max_length=limit(Recommendation, "conditions"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    reasons = forms.MultipleChoiceField(
        label=_("Reasons (if rejected)"),
        choices=RejectionReason.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    explanation = forms.CharField(
        label=_("Explanation (if rejected)"),
        required=False,
        max_length=limit(Recommendation, "explanation"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    note = forms.CharField(
        label=_("Note for the decider"),
        required=False,
        max_length=limit(Recommendation, "note"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Officials only; the company does not see it."),
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, case=case, **kwargs)
        self.fields["amount"] = amount_field(case.amount_requested)
        self.order_fields(["version", "outcome", "amount", "conditions", "reasons"])


class ApproveForm(ActionForm):
    conditions = forms.CharField(
        label=_("Conditions"),
        required=False,
        max_length=limit(Case, "decision_conditions"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, case=case, **kwargs)
        self.fields["amount"] = amount_field(case.recommended_amount or case.amount_requested)
        self.fields["conditions"].initial = case.decision_conditions
        self.order_fields(["version", "amount", "conditions"])


class RejectForm(ActionForm):
    reasons = forms.MultipleChoiceField(
        label=_("Reasons"), choices=RejectionReason.choices, widget=forms.CheckboxSelectMultiple
    )
    explanation = forms.CharField(
        label=_("Explanation"),
        required=False,
        max_length=limit(Case, "decision_explanation"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The company reads this in the decision letter."),
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, case=case, **kwargs)
        self.fields["reasons"].initial = case.rejection_reasons
        self.fields["explanation"].initial = case.decision_explanation


ACTION_FORMS = {
    "take": ActionForm,
    "assign": AssignForm,
    "reassign": AssignForm,
    "request_info": RequestInfoForm,
    "recommend": RecommendForm,
    "send_back": ReasonForm,
    "approve": ApproveForm,
    "reject": RejectForm,
    "close": ReasonForm,
    "start_relocation": ActionForm,
}


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Internal note"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Seen by officials only, never by the company."),
    )


class BulkAssignForm(forms.Form):
    """The ticked cases, each with the version its row showed (`version-<pk>`), so that a
    case someone changed since is left as it is rather than taken from them unseen."""

    cases = forms.ModelMultipleChoiceField(queryset=Case.objects.none())
    assignee = forms.ModelChoiceField(label=_("Assign to"), queryset=TradeOfficial.objects.none())
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)

    def __init__(self, *args, cases, officials, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cases"].queryset = cases
        self.fields["cases"].error_messages["required"] = _("Tick the cases to assign.")
        self.fields["assignee"].queryset = officials
        self.fields["assignee"].widget.attrs["class"] = "form-select"
        self.fields["reason"].widget.attrs["class"] = "form-control"

    def seen_version(self, case) -> int | None:
        """The version of the case its row showed; None if the post did not say."""
        value = self.data.get(f"version-{case.pk}", "")
        return int(value) if value.isascii() and value.isdigit() and len(value) <= 10 else None
