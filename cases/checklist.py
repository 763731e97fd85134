"""What a complete application has: the submit step's guard and the draft page's checklist."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from programs.formatting import krw


@dataclass(frozen=True)
class ChecklistItem:
    label: str
    done: bool


# A program kind whose application has its own form lists its own items (reshoring: the
# relocation plan), registered by the kind's app; the documents follow as for every kind.
KIND_CHECKLISTS: dict = {}


def submission_checklist(case) -> list[ChecklistItem]:
    """What a complete application has, ticked or not, in the order of the form."""
    program = case.program
    if program.kind in KIND_CHECKLISTS:
        return KIND_CHECKLISTS[program.kind](case) + documents_checklist(case)
    amount = case.amount_requested
    items = [
        ChecklistItem(
            _("An amount between %(min)s and %(max)s")
            % {"min": krw(program.min_amount), "max": krw(program.max_amount)},
            amount is not None and program.min_amount <= amount <= program.max_amount,
        ),
        ChecklistItem(_("The purpose of the support"), bool(case.purpose.strip())),
        ChecklistItem(
            _("The target province and city in China"),
            bool(case.target_province and case.target_city.strip()),
        ),
        ChecklistItem(_("Planned exports to China"), case.planned_exports_to_china is not None),
    ]
    if program.requires_promising_item:
        items.append(
            ChecklistItem(_("At least one promising export item"), case.export_items.exists())
        )
    return items + documents_checklist(case)


def documents_checklist(case) -> list[ChecklistItem]:
    uploaded = set(case.documents.values_list("document_type_id", flat=True))
    return [
        ChecklistItem(document_type.name, document_type.pk in uploaded)
        for document_type in case.program.required_documents.all()
    ]
