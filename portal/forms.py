from django import forms
from django.utils.translation import gettext_lazy as _

from cases.documents import ACCEPTED_LABELS, check_upload, max_size, refused_uploads
from cases.fields import APPLICATION_FIELDS
from cases.models import Case, InformationItem
from programs.choices import covered_items, item_choices
from programs.formatting import krw
from programs.models import PromisingItem, localized


def check_amount(program, amount):
    """The amount, if the program pays it; the draft and an answer to a request share this."""
    if amount is not None and not program.min_amount <= amount <= program.max_amount:
        raise forms.ValidationError(
            _("This program pays between %(min)s and %(max)s per case."),
            params={"min": krw(program.min_amount), "max": krw(program.max_amount)},
            code="amount_range",
        )
    return amount


def document_help(document_type) -> str:
    return " ".join(
        filter(
            None,
            [
                localized(document_type.help_ko, document_type.help_en),
                _("%(types)s; %(size)s MB at most.")
                % {"types": ACCEPTED_LABELS, "size": max_size() // (1024 * 1024)},
            ],
        )
    )


def refuse_cut_uploads(request, form) -> None:
    """Name at its field each file whose upload was stopped at the size limit: it never
    reached request.FILES, and "this field is required" would not say why."""
    for name, message in refused_uploads(request).items():
        if name in form.fields:
            form.errors.pop(name, None)
            form.add_error(name, message)


class CaseDraftForm(forms.ModelForm):
    """The application; every field may stay empty in a draft, the checklist says what's left.

    It carries the version of the case it was shown with, so that a colleague's save made
    meanwhile is not overwritten unseen (the page always sends it; a post without one is
    not checked)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)
    # Bounds given when the field is built, so its validators check them (set afterwards,
    # they would only change the widget, and the database would be left to refuse).
    planned_exports_to_china = Case._meta.get_field("planned_exports_to_china").formfield(
        min_value=0
    )
    export_items = forms.ModelMultipleChoiceField(
        label=_("Promising export items concerned"),
        queryset=PromisingItem.objects.select_related("sector__parent"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Case
        fields = APPLICATION_FIELDS
        widgets = {"purpose": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version
        program = self.instance.program
        items = self.fields["export_items"]
        rows = list(items.queryset)
        items.choices = item_choices(rows, covered=covered_items(program, rows))
        self.fields["amount_requested"].help_text = _(
            "In whole won, between %(min)s and %(max)s."
        ) % {"min": krw(program.min_amount), "max": krw(program.max_amount)}

    def clean_amount_requested(self):
        return check_amount(self.instance.program, self.cleaned_data["amount_requested"])


class DocumentsForm(forms.Form):
    """One optional file input per document type the program requires."""

    def __init__(self, *args, document_types, **kwargs):
        super().__init__(*args, **kwargs)
        for document_type in document_types:
            self.fields[f"document_{document_type.pk}"] = forms.FileField(
                label=document_type.name,
                required=False,
                help_text=document_help(document_type),
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


class InformationAnswerForm(forms.Form):
    """The answers to an information request: exactly the fields, documents and questions the
    official asked for, nothing else. A field of the application that was not asked for is
    not in the form, so posting it changes nothing."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, case, information_request, **kwargs):
        super().__init__(*args, initial={"version": case.version}, **kwargs)
        self.case = case
        self.items = list(information_request.items.all())
        application = CaseDraftForm(instance=case)
        asks_documents = any(i.kind == InformationItem.Kind.DOCUMENT for i in self.items)
        current = {d.document_type_id: d for d in case.documents.all()} if asks_documents else {}
        for item in self.items:
            name = self.name_for(item)
            if name in self.fields:  # the same field asked twice: one answer serves both
                continue
            if item.kind == InformationItem.Kind.FIELD:
                field = application.fields[item.field]
                field.required = (
                    item.field != "export_items" or case.program.requires_promising_item
                )
                self.initial[name] = application.initial.get(item.field)
            elif item.kind == InformationItem.Kind.DOCUMENT:
                field = forms.FileField(
                    label=item.document_type.name, help_text=document_help(item.document_type)
                )
                field.current = current.get(item.document_type_id)  # the file it replaces
            else:
                field = forms.CharField(
                    label=item.question,
                    widget=forms.Textarea(attrs={"rows": 4}),
                    max_length=InformationItem._meta.get_field("answer").max_length,
                )
            self.fields[name] = field

    @staticmethod
    def name_for(item) -> str:
        if item.kind == InformationItem.Kind.FIELD:
            return item.field
        if item.kind == InformationItem.Kind.DOCUMENT:
            return f"document_{item.document_type_id}"
        return f"question_{item.pk}"

    @property
    def asked_fields(self) -> set[str]:
        return {i.field for i in self.items if i.kind == InformationItem.Kind.FIELD}

    def clean_amount_requested(self):
        return check_amount(self.case.program, self.cleaned_data["amount_requested"])

    def clean(self):
        cleaned = super().clean()
        # Each file is judged by its content here, so a refused one is named next to its input.
        for name, upload in list(cleaned.items()):
            if name.startswith("document_") and upload:
                _kind, error = check_upload(upload)
                if error:
                    self.add_error(name, error)
        return cleaned

    def answers(self) -> dict:
        """{item pk: answer}, as the answer_info transition takes them."""
        return {item.pk: self.cleaned_data[self.name_for(item)] for item in self.items}
