"""Companies' difficulties: the one write path for each change.

A report goes to the open center whose jurisdiction covers its province (the headquarters
when none does), by the routing the cases use, with an outcome due in Korean business days
(cases/sla.py). Asking the company for more stops the clock; its answer restarts it, pushed
back by the business days the company had it, as a case's decision clock is.
"""

from contextlib import contextmanager

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applicants.models import CompanyMember
from cases import sla
from cases.documents import ACCEPTED, check_upload
from cases.errors import CaseError
from centers import routing
from centers.models import StaffAssignment
from outreach import notices
from outreach.difficulty_models import (
    DIFFICULTY_SLA_DAYS,
    Difficulty,
    DifficultyAttachment,
    DifficultyEntry,
)

Status = Difficulty.Status
MAX_ATTACHMENTS = 5


def works_at(user, center_id) -> bool:
    """Whether the user staffs the center today (administrators: every center)."""
    if user.is_administrator:
        return True
    return (
        StaffAssignment.objects.active_on(sla.today())
        .filter(official__user=user, center_id=center_id)
        .exists()
    )


def _locked(difficulty) -> Difficulty:
    return Difficulty.objects.select_for_update().get(pk=difficulty.pk)


def _attach(difficulty, by, uploads, written: list) -> None:
    """Check and store the files; `written` collects them, for deletion if the transaction
    then rolls back (no row would name them)."""
    if len(uploads) > MAX_ATTACHMENTS:
        raise CaseError([_("Attach at most %(count)d files.") % {"count": MAX_ATTACHMENTS}])
    for upload in uploads:
        kind, error = check_upload(upload)
        if error:
            raise CaseError([error])
        attachment = DifficultyAttachment(
            difficulty=difficulty,
            original_name=upload.name[:255],
            content_type=ACCEPTED[kind][1],
            uploaded_by=by,
        )
        attachment.file.save(upload.name, upload, save=False)
        written.append(attachment.file.name)
        attachment.save()


@contextmanager
def _files_removed_if_rolled_back():
    written: list[str] = []
    try:
        yield written
    except BaseException:
        storage = DifficultyAttachment._meta.get_field("file").storage
        for name in written:
            storage.delete(name)
        raise


def difficulty_report(
    *,
    company,
    by,
    kind: str,
    province: str,
    authority: str,
    description: str,
    case=None,
    attachments=(),
) -> Difficulty:
    """A member of `company` reports a difficulty; it goes to the province's center."""
    if not CompanyMember.objects.filter(company=company, user=by).exists():
        raise CaseError([_("Only a member of the company may report its difficulties.")])
    if case is not None and case.company_id != company.pk:
        raise CaseError([_("That application is not one of this company's.")])
    with _files_removed_if_rolled_back() as written, transaction.atomic():
        difficulty = Difficulty.objects.create(
            company=company,
            case=case,
            kind=kind,
            province=province,
            authority=authority.strip(),
            description=description.strip(),
            center=routing.center_for(province),
            reported_by=by,
            due_on=sla.add_business_days(sla.today(), DIFFICULTY_SLA_DAYS),
        )
        _attach(difficulty, by, list(attachments), written)
        DifficultyEntry.objects.create(
            difficulty=difficulty, kind=DifficultyEntry.Kind.REPORTED, by=by
        )
        notices.difficulty_reported(difficulty)
    return difficulty


def _check_staff(difficulty, by) -> None:
    if not works_at(by, difficulty.center_id):
        raise CaseError([_("Only the officials of its center may act on this difficulty.")])
    # Nobody acts as staff on a matter of a company they belong to.
    if CompanyMember.objects.filter(company=difficulty.company_id, user=by).exists():
        raise CaseError([_("You are a member of this company: a colleague must take it up.")])
    if not difficulty.is_open:
        raise CaseError([_("This difficulty is closed.")])


def difficulty_record(*, difficulty, by, kind: str, text: str) -> Difficulty:
    """An official records an action taken (the company sees it), an internal note (it does
    not), or asks the company for more (the clock stops until it answers)."""
    text = text.strip()
    if not text:
        raise CaseError([_("Write what was done or what is asked.")])
    Kind = DifficultyEntry.Kind
    if kind not in (Kind.ACTION, Kind.NOTE, Kind.ASKED):
        raise CaseError([_("Choose what you are recording.")])
    with transaction.atomic():
        difficulty = _locked(difficulty)
        _check_staff(difficulty, by)
        fields = []
        if kind == Kind.ASKED:
            if difficulty.status == Status.AWAITING_COMPANY:
                raise CaseError([_("The company has not answered the last question yet.")])
            difficulty.status, difficulty.paused_at = Status.AWAITING_COMPANY, timezone.now()
            fields = ["status", "paused_at"]
        elif kind == Kind.ACTION and difficulty.status == Status.RECEIVED:
            difficulty.status = Status.IN_PROGRESS
            fields = ["status"]
        if fields:
            difficulty.save(update_fields=fields)
        DifficultyEntry.objects.create(difficulty=difficulty, kind=kind, text=text, by=by)
        if kind != Kind.NOTE:
            notices.difficulty_updated(difficulty, text)
    return difficulty


def difficulty_answer(*, difficulty, by, text: str, attachments=()) -> Difficulty:
    """The company answers what it was asked; the clock restarts, pushed back by the
    business days it had the difficulty."""
    text = text.strip()
    if not text:
        raise CaseError([_("Write your answer.")])
    with _files_removed_if_rolled_back() as written, transaction.atomic():
        difficulty = _locked(difficulty)
        if not CompanyMember.objects.filter(company=difficulty.company_id, user=by).exists():
            raise CaseError([_("Only a member of the company may answer.")])
        if difficulty.status != Status.AWAITING_COMPANY:
            raise CaseError([_("Nothing is asked of your company now.")])
        held = sla.business_days_between(sla.local_date(difficulty.paused_at), sla.today())
        difficulty.due_on = sla.add_business_days(difficulty.due_on, held)
        difficulty.status, difficulty.paused_at = Status.IN_PROGRESS, None
        difficulty.save(update_fields=["due_on", "status", "paused_at"])
        _attach(difficulty, by, list(attachments), written)
        DifficultyEntry.objects.create(
            difficulty=difficulty, kind=DifficultyEntry.Kind.ANSWERED, text=text, by=by
        )
        notices.difficulty_answered(difficulty)
    return difficulty


def difficulty_close(*, difficulty, by, outcome: str, reason: str) -> Difficulty:
    """Resolved, partly resolved or not resolved, with the reason the company reads."""
    reason = reason.strip()
    if outcome not in Difficulty.OUTCOMES:
        raise CaseError([_("Choose the outcome.")])
    if not reason:
        raise CaseError([_("Say what came of it and why.")])
    with transaction.atomic():
        difficulty = _locked(difficulty)
        _check_staff(difficulty, by)
        difficulty.status, difficulty.outcome_reason = outcome, reason
        difficulty.closed_at, difficulty.paused_at = timezone.now(), None
        difficulty.save(update_fields=["status", "outcome_reason", "closed_at", "paused_at"])
        DifficultyEntry.objects.create(
            difficulty=difficulty, kind=DifficultyEntry.Kind.CLOSED, text=reason, by=by
        )
        notices.difficulty_updated(difficulty, reason)
    return difficulty
