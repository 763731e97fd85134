"""Every write of a reshoring case: one function each, one transaction, a timeline row."""

import datetime
import logging

from django.db import IntegrityError, connection, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import fields, workflow
from cases.documents import ACCEPTED, check_upload
from cases.errors import CaseError, StaleCase
from cases.models import Case, CaseState
from cases.services import timeline_add
from programs.formatting import krw
from reshoring import notices, rules
from reshoring.models import (
    MILESTONE_ORDER,
    Milestone,
    MilestoneKind,
    Payment,
    Recovery,
    RecoveryCause,
    RelocationPlan,
    Tranche,
)

logger = logging.getLogger(__name__)


def _locked(case_pk) -> Case:
    return (
        Case.objects.select_for_update(of=("self",))
        .select_related("program", "company")
        .get(pk=case_pk)
    )


def _as_staff(case, by) -> None:
    """Only the officials of the case's center (or an administrator), never someone barred."""
    roles = workflow.roles_of(by, case)
    if not roles & workflow.STAFF:
        raise CaseError([roles.barred or _("Only the trade officials of the case's center can.")])


def _as_company(case, by) -> None:
    if workflow.APPLICANT not in workflow.roles_of(by, case):
        raise CaseError([_("Only a member of the company can.")])


def _in_relocation(case) -> None:
    if case.state != CaseState.RELOCATION:
        raise CaseError([_("The case is not in its relocation phase.")])


PLAN_FIELDS = [
    f.name for f in RelocationPlan._meta.concrete_fields if f.editable and not f.primary_key
]
PLAN_FIELDS = PLAN_FIELDS[: PLAN_FIELDS.index("production_on") + 1]


@transaction.atomic
def plan_save(*, case: Case, by, values: dict, seen_version: int | None = None) -> RelocationPlan:
    """The draft's relocation plan. The facility's province is the case's province in China
    (the case goes to the center there, which helps wind the facility down); the amount
    requested is what the program's rate and cap allow.

    With `seen_version` (the case's version the form was shown with), a plan a colleague
    saved meanwhile is not overwritten: `StaleCase` lists what changed, nothing is written."""
    case = _locked(case.pk)
    _as_company(case, by)
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
            list(case.events.filter(version__gt=seen_version).select_related("actor")),
        )
    plan = RelocationPlan.objects.filter(case=case).first() or RelocationPlan(case=case)
    changed = {
        name: values[name] for name in PLAN_FIELDS if getattr(plan, name, None) != values[name]
    }
    if plan.pk and not changed:
        return plan
    for name, value in values.items():
        if name in PLAN_FIELDS:
            setattr(plan, name, value)
    plan.save()
    row = fields.merge(
        case,
        {
            "target_province": plan.china_province,
            "target_city": plan.china_city,
            "amount_requested": rules.settings_for(case.program).max_subsidy(
                plan.planned_investment
            ),
        },
    )
    case.save(update_fields=[*row, "updated_at"])
    note = "; ".join(
        f"{RelocationPlan._meta.get_field(name).verbose_name}: {value}"
        for name, value in changed.items()
    )
    timeline_add(case, action="plan", by=by, note=note[:4000])
    return plan


def _check_upload(upload):
    kind, error = check_upload(upload)
    if error:
        raise CaseError([error])
    return ACCEPTED[kind][1]


@transaction.atomic
def evidence_add(*, milestone: Milestone, by, upload) -> Milestone:
    """The company's evidence that a milestone is reached; the official verifies it next."""
    case = _locked(milestone.case_id)
    _as_company(case, by)
    _in_relocation(case)
    milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
    if milestone.state == Milestone.State.VERIFIED:
        raise CaseError([_("This milestone is verified already.")])
    milestone.evidence_type = _check_upload(upload)
    old = milestone.evidence.name
    milestone.evidence.save(upload.name, upload, save=False)
    storage, new = milestone.evidence.storage, milestone.evidence.name
    try:
        milestone.evidence_name = upload.name[:255]
        milestone.state = Milestone.State.SUBMITTED
        milestone.submitted_at = timezone.now()
        milestone.save(
            update_fields=["evidence", "evidence_name", "evidence_type", "state", "submitted_at"]
        )
        timeline_add(case, action="evidence", by=by, note=f"{milestone}: {milestone.evidence_name}")
    except BaseException:
        storage.delete(new)  # no row will name it: the transaction rolls back
        raise
    if old:
        # The earlier file goes once the new row is committed; a rollback keeps it.
        transaction.on_commit(lambda: storage.delete(old))
    return milestone


@transaction.atomic
def milestone_verify(*, milestone: Milestone, by) -> Milestone:
    case = _locked(milestone.case_id)
    _as_staff(case, by)
    _in_relocation(case)
    milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
    if milestone.state != Milestone.State.SUBMITTED:
        raise CaseError([_("Only a milestone whose evidence is submitted can be verified.")])
    milestone.state = Milestone.State.VERIFIED
    milestone.verified_by, milestone.verified_at = by, timezone.now()
    milestone.return_reason = ""
    milestone.save(update_fields=["state", "verified_by", "verified_at", "return_reason"])
    timeline_add(case, action="verify", by=by, note=str(milestone))
    notices.milestone_decided(case, milestone)
    return milestone


@transaction.atomic
def milestone_return(*, milestone: Milestone, by, reason: str) -> Milestone:
    case = _locked(milestone.case_id)
    _as_staff(case, by)
    _in_relocation(case)
    milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
    if milestone.state != Milestone.State.SUBMITTED:
        raise CaseError([_("Only a milestone whose evidence is submitted can be returned.")])
    if not reason.strip():
        raise CaseError([_("Say why.")])
    milestone.state, milestone.return_reason = Milestone.State.RETURNED, reason.strip()
    milestone.save(update_fields=["state", "return_reason"])
    timeline_add(case, action="return", by=by, note=f"{milestone}: {milestone.return_reason}")
    notices.milestone_decided(case, milestone)
    return milestone


@transaction.atomic
def schedule_fix(*, case: Case, by, amounts: dict, due_dates: dict) -> list[Tranche]:
    """The tranches, one per milestone {kind: amount}, and the due dates {kind: date}, fixed
    once. The database refuses a schedule whose tranches do not add up to the approved
    amount (a trigger, checked here at once rather than at commit)."""
    case = _locked(case.pk)
    _as_staff(case, by)
    _in_relocation(case)
    plan = RelocationPlan.objects.select_for_update().filter(case=case).first()
    if plan is None:
        raise CaseError([_("The case has no relocation plan.")])
    if plan.schedule_fixed_at is not None:
        raise CaseError([_("The schedule is fixed already.")])
    total = sum(amounts.values())
    if total != case.approved_amount:
        raise CaseError(
            [
                _("The tranches add up to %(total)s; the approved amount is %(approved)s.")
                % {"total": krw(total), "approved": krw(case.approved_amount)}
            ]
        )
    milestones = {m.kind: m for m in case.milestones.select_for_update()}
    tranches = []
    for kind in MILESTONE_ORDER:
        milestone = milestones[kind]
        if kind in due_dates and due_dates[kind] != milestone.due_on:
            milestone.due_on = due_dates[kind]
            milestone.save(update_fields=["due_on"])
        if amounts.get(kind):
            tranches.append(Tranche(case=case, milestone=milestone, amount=amounts[kind]))
    Tranche.objects.bulk_create(tranches)
    plan.schedule_fixed_at = timezone.now()
    years = rules.settings_for(case.program).obligation_years
    production = plan.production_on
    plan.obligation_ends_on = (
        production.replace(year=production.year + years)
        if not (production.month == 2 and production.day == 29)
        else datetime.date(production.year + years, 3, 1)
    )
    plan.save(update_fields=["schedule_fixed_at", "obligation_ends_on"])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS reshoring_tranche_sum, reshoring_plan_sum IMMEDIATE")
    note = "; ".join(f"{t.milestone}: {krw(t.amount)}" for t in tranches)
    timeline_add(case, action="schedule", by=by, note=note)
    return tranches


@transaction.atomic
def payment_record(*, tranche: Tranche, by, paid_on: datetime.date) -> Payment:
    """A tranche paid, once: the tranche's row lock makes the second of two officials (or
    of two clicks) wait and then find the payment; the unique constraint stands behind it."""
    case = _locked(tranche.case_id)
    _as_staff(case, by)
    tranche = Tranche.objects.select_for_update().select_related("milestone").get(pk=tranche.pk)
    if Payment.objects.filter(tranche=tranche).exists():
        raise CaseError([_("This tranche is paid already.")])
    if tranche.milestone.state != Milestone.State.VERIFIED:
        raise CaseError([_("A tranche is paid only once its milestone is verified.")])
    try:
        with transaction.atomic():
            payment = Payment.objects.create(
                tranche=tranche, amount=tranche.amount, paid_on=paid_on, recorded_by=by
            )
    except IntegrityError as error:
        raise CaseError([_("This tranche is paid already.")]) from error
    timeline_add(case, action="pay", by=by, note=f"{tranche.milestone}: {krw(tranche.amount)}")
    notices.tranche_paid(case, tranche)
    return payment


def paid_total(case) -> int:
    return Payment.objects.filter(tranche__case=case).aggregate(s=Sum("amount"))["s"] or 0


@transaction.atomic
def recovery_open(
    *,
    case: Case,
    by,
    cause: str,
    realised_jobs: int,
    months_operated: int,
    realised_investment=None,
) -> Recovery | None:
    """The obligation check by an official (at the period's end, or on a report of closure
    or shortfall): a shortfall opens the recovery step, computed by the program's rule; none
    opens nothing. Returns the recovery, or None."""
    case = _locked(case.pk)
    _as_staff(case, by)
    return _check(case, by, cause, realised_jobs, months_operated, realised_investment)


@transaction.atomic
def closure_report(
    *, case: Case, by, cause: str, realised_jobs: int, months_operated: int
) -> Recovery | None:
    """The company reports that it closed, or that it missed its jobs or its production:
    the same check as an official's, which tells the official."""
    case = _locked(case.pk)
    _as_company(case, by)
    if cause not in (RecoveryCause.CLOSURE, RecoveryCause.SHORTFALL):
        raise CaseError([_("Report a closure, or missed jobs or production.")])
    plan = RelocationPlan.objects.filter(case=case).first()
    if plan is None or plan.schedule_fixed_at is None:
        raise CaseError([_("The subsidy's schedule is not fixed yet: tell your trade official.")])
    return _check(case, by, cause, realised_jobs, months_operated)


def _check(case, by, cause, realised_jobs, months_operated, realised_investment=None):
    """The check itself, the case locked and the actor's right to it checked by the caller."""
    _in_relocation(case)
    if Recovery.objects.filter(case=case).exists():
        raise CaseError([_("A recovery is open already.")])
    plan = RelocationPlan.objects.select_for_update().get(case=case)
    program_rules = rules.settings_for(case.program)
    plan.realised_jobs, plan.realised_investment = realised_jobs, realised_investment
    update = ["realised_jobs", "realised_investment"]
    if cause == RecoveryCause.OBLIGATION_CHECK:
        plan.obligation_checked_at = timezone.now()
        update.append("obligation_checked_at")
    plan.save(update_fields=update)
    paid = paid_total(case)
    values = {
        "rule": program_rules.recovery_rule,
        "cause": cause,
        "paid": paid,
        "planned_jobs": plan.planned_jobs,
        "realised_jobs": realised_jobs,
        "months_required": 12 * program_rules.obligation_years,
        "months_operated": 0 if cause == RecoveryCause.CLOSURE else months_operated,
    }
    amount = rules.recovery_amount(**values)
    if amount == 0:
        timeline_add(case, action="check", by=by, note=_("Obligations met."))
        notices.obligations_checked(case, None, paid, cause)
        return None
    recovery = Recovery.objects.create(case=case, opened_by=by, amount=amount, **values)
    timeline_add(case, action="recovery", by=by, note=krw(amount))
    notices.recovery_opened(case, recovery)
    notices.obligations_checked(case, recovery, paid, cause)
    return recovery


def obligations_due(today) -> list[int]:
    """The cases whose obligation period ended and that were not checked yet."""
    return list(
        RelocationPlan.objects.filter(
            case__state=CaseState.RELOCATION,
            obligation_ends_on__lte=today,
            obligation_checked_at__isnull=True,
            case__recovery__isnull=True,
        ).values_list("case_id", flat=True)
    )


@transaction.atomic
def obligation_check_due(*, case_pk, today) -> Recovery | None:
    """The check at the end of the obligation period, run by the daily task; once (the plan
    is marked checked, under the case's lock: a second run finds it done)."""
    case = _locked(case_pk)
    plan = RelocationPlan.objects.filter(case=case).first()
    due = (
        case.state == CaseState.RELOCATION
        and plan is not None
        and plan.obligation_ends_on is not None
        and plan.obligation_ends_on <= today
        and plan.obligation_checked_at is None
        and not Recovery.objects.filter(case=case).exists()
    )
    if not due:
        return None
    program_rules = rules.settings_for(case.program)
    # Nobody reported a closure or a shortfall: production ran the whole period. The jobs are
    # those the official verified (the employment milestone), or else those recorded.
    jobs_verified = case.milestones.filter(
        kind=MilestoneKind.JOBS_REACHED, state=Milestone.State.VERIFIED
    ).exists()
    jobs = plan.planned_jobs if jobs_verified else (plan.realised_jobs or 0)
    # The timeline names who acts: the case's official, else a lead of its center.
    staff = notices.officials(case)
    if not staff:
        logger.warning("No official to check the obligations of case %s", case.pk)
        return None
    by = staff[0]
    return _check(
        case,
        by,
        RecoveryCause.OBLIGATION_CHECK,
        max(jobs, plan.realised_jobs or 0),
        12 * program_rules.obligation_years,
        plan.realised_investment,
    )


@transaction.atomic
def repayment_record(*, case: Case, by, repaid_on: datetime.date) -> Recovery:
    """The company repaid: recorded once, like a payment (the recovery's row lock)."""
    case = _locked(case.pk)
    _as_staff(case, by)
    recovery = Recovery.objects.select_for_update().filter(case=case).first()
    if recovery is None:
        raise CaseError([_("No recovery is open on this case.")])
    if recovery.repaid_on is not None:
        raise CaseError([_("The repayment is recorded already.")])
    recovery.repaid_on, recovery.repaid_recorded_by = repaid_on, by
    recovery.save(update_fields=["repaid_on", "repaid_recorded_by"])
    timeline_add(case, action="repay", by=by, note=krw(recovery.amount))
    return recovery
