"""Every write that matters for a case: one function each, one transaction, a timeline row."""

import copy
import logging

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from cases import fields, priority, recusal, rules, sla, workflow
from cases.checklist import ChecklistItem, submission_checklist  # noqa: F401  (the pages' API)
from cases.documents import files_removed_if_rolled_back, store_document
from cases.errors import CaseError, StaleCase
from cases.models import Case, CaseEvent, CaseState, Document, InternalNote
from programs.eligibility import unmet_conditions

logger = logging.getLogger(__name__)


def _locked(case: Case) -> Case:
    """The case row, locked until the transaction ends: two people acting on one case queue."""
    # of=self: lock the case only, not the program and company rows joined to it.
    return (
        Case.objects.select_for_update(of=("self",))
        .select_related("program", "company__sector")
        .get(pk=case.pk)
    )


def timeline_add(case, *, action, by, from_state="", to_state="", note="") -> None:
    """Append to the timeline and raise the case's version: forms that saw the older version
    are now stale. The caller holds the case's lock."""
    case.version += 1
    Case.objects.filter(pk=case.pk).update(version=case.version)
    CaseEvent.objects.create(
        case=case,
        action=action,
        actor=by,
        from_state=from_state,
        to_state=to_state,
        note=note,
        version=case.version,
    )


@files_removed_if_rolled_back
@transaction.atomic
def transition(*, case: Case, action: str, by, seen_version: int | None = None, **data) -> Case:
    """Apply one row of the workflow to the case, or refuse with the reasons.

    One transaction, the case row locked: of two people acting on one case at once, the
    second waits, then finds the case changed (`StaleCase`, with what changed, when their
    form carried `seen_version`) or no longer in a state the action starts from.
    """
    case = _locked(case)
    roles = workflow.roles_of(by, case)
    # Only someone with a part in the case learns what changed in it.
    if roles and seen_version is not None and case.version != seen_version:
        raise StaleCase(
            [_("This case changed while you were looking — here is what changed.")],
            _unseen(case, seen_version),
        )
    allowed, refusal = workflow.can(by, case, action, roles)
    if not allowed:
        raise CaseError([refusal])
    row = workflow.transitions_for(case.program.kind)[action]
    reasons = [reason for guard in row.guards for reason in guard(case, by, data)]
    if reasons:
        raise CaseError(reasons)
    previous, before = case.state, _row_values(case)
    notes = [effect(case, by, data) for effect in row.effects]
    case.state = row.leads_to(previous)
    rules.refresh_clock(case)
    case.priority = priority.score(case) if case.is_open else 0
    changed = [name for name, value in _row_values(case).items() if before[name] != value]
    case.save(update_fields=[*changed, "updated_at"])
    timeline_add(
        case,
        action=action,
        by=by,
        from_state=previous,
        to_state=case.state,
        note=" ".join(str(note) for note in notes if note),
    )
    # Told once the case is as they will find it; still in the transaction, so a transition
    # that rolls back tells nobody (the notifications' e-mails leave after commit).
    for notice in row.notices:
        notice(case, by, data)
    return case


def _row_values(case: Case) -> dict:
    """The case row's values, by field name: what a transition's effects changed is saved."""
    return {
        field.name: copy.deepcopy(getattr(case, field.attname))
        for field in Case._meta.concrete_fields
        if not field.primary_key
    }


def case_start(*, company, program, by) -> Case:
    """The company's draft for the program: a new one, or the one it already has."""
    reasons = unmet_conditions(program, company)
    if reasons:
        raise CaseError(reasons)
    try:
        with transaction.atomic():
            case = Case.objects.create(company=company, program=program, created_by=by)
            timeline_add(case, action="start", by=by, to_state=CaseState.DRAFT)
            return case
    except IntegrityError:
        # The company has a live application already (perhaps a colleague pressed "apply"
        # at the same moment): the constraint let only one through.
        existing = Case.objects.live().get(company=company, program=program)
    if existing.is_draft:
        return existing
    raise CaseError(
        [
            _("Your company already has an application to this program: %(reference)s.")
            % {"reference": existing.reference}
        ]
    )


def _unseen(case: Case, seen_version: int) -> list[CaseEvent]:
    """The timeline entries written after the version someone was shown."""
    return list(case.events.filter(version__gt=seen_version).select_related("actor"))


@transaction.atomic
def case_save_draft(*, case: Case, by, values: dict, seen_version: int | None = None) -> Case:
    """Write into the draft the fields of the application that `values` holds (what the form
    accepted); the others keep what is stored, so one refused field loses nothing else.

    With `seen_version` (the version the form was shown with), a draft a colleague saved
    meanwhile is not overwritten: `StaleCase` says what they changed, and nothing is written.
    A save that changes something raises the version and says what on the timeline.
    """
    case = _locked(case)
    if not case.is_draft:
        raise CaseError([_("The application was submitted; it can no longer be edited.")])
    if seen_version is not None and case.version != seen_version:
        raise StaleCase(
            [
                _(
                    "Someone else saved this application while you were editing it, so "
                    "nothing of yours was saved yet. Here is what they changed."
                )
            ],
            _unseen(case, seen_version),
        )
    changes = fields.changed(case, values)
    if not changes:
        return case
    row = fields.merge(case, changes)
    case.save(update_fields=[*row, "updated_at"])
    timeline_add(case, action="edit", by=by, note=fields.describe(changes))
    return case


def case_answer(*, case: Case, by, answers: dict, seen_version: int | None = None) -> Case:
    """The company's answers to the open information request, {item pk: answer}: the fields
    asked for are merged into the application, the documents stored, the replies kept, and
    the case goes back to review."""
    return transition(
        case=case, action="answer_info", by=by, seen_version=seen_version, answers=answers
    )


@files_removed_if_rolled_back
@transaction.atomic
def document_add(*, case: Case, by, document_type, upload) -> Document:
    """Attach a file for one of the program's document types, replacing an earlier one."""
    case = _locked(case)
    if not case.is_draft:
        raise CaseError([_("The application was submitted; its documents can no longer change.")])
    if not case.program.required_documents.filter(pk=document_type.pk).exists():
        raise CaseError([_("This program does not ask for this document.")])
    document = store_document(case=case, by=by, document_type=document_type, upload=upload)
    timeline_add(
        case, action="upload", by=by, note=f"{document_type.code}: {document.original_name}"
    )
    return document


def case_submit(*, case: Case, by) -> Case:
    case = transition(case=case, action="submit", by=by)
    if case.center is None:
        # Only administrators see a case without a center: someone must open a headquarters.
        logger.error(
            "Case %s has no center: no open center covers %s and no open headquarters",
            case.reference,
            case.target_province,
        )
    return case


def case_withdraw(*, case: Case, by, reason: str) -> Case:
    return transition(case=case, action="withdraw", by=by, reason=reason)


def note_add(*, case: Case, by, text: str) -> InternalNote:
    """An internal note: for officials only, so it stays off the timeline the company reads.
    Nobody barred from the case (cases/recusal.py) writes one."""
    if refusal := recusal.barred_reason(by, case.company_id):
        raise CaseError([refusal])
    return InternalNote.objects.create(case=case, author=by, text=text.strip())


def refresh_priorities(*, batch_size: int = 2000) -> int:
    """Recompute the stored priority of every open case; returns how many changed.

    The waiting days and the closeness of the deadlines move with the calendar, so this
    runs each morning. Idempotent: a second run the same day changes nothing. Rows are
    updated without a lock: a case changed meanwhile got its score from its own transition,
    and the next run corrects any difference.
    """
    today = sla.today()
    through = Case.export_items.through
    cases = (
        Case.objects.open()
        .select_related("company__sector")
        .annotate(has_items=Exists(through.objects.filter(case_id=OuterRef("pk"))))
        .order_by("pk")
    )
    changed = 0
    last = 0
    while True:
        rows = list(cases.filter(pk__gt=last)[:batch_size])
        if not rows:
            return changed
        last = rows[-1].pk
        stale = []
        for case in rows:
            score = priority.score(case, today=today, has_items=case.has_items)
            if score != case.priority:
                case.priority = score
                stale.append(case)
        Case.objects.bulk_update(stale, ["priority"])
        changed += len(stale)


@transaction.atomic
def case_discard_draft(*, case: Case, by) -> None:
    """Throw away a draft the company no longer wants: the row, its timeline and its files.

    A draft was never submitted (no reference, no official has seen it), so nothing of it
    needs keeping; its files go once the deletion is committed.
    """
    case = _locked(case)
    if not case.is_draft:
        raise CaseError([_("Only a draft can be discarded; a submitted application is withdrawn.")])
    files = [(document.file.storage, document.file.name) for document in case.documents.all()]
    case.delete()
    for storage, name in files:
        transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))
