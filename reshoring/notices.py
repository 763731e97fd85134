"""What a reshoring case tells people: its kinds of notification and the daily reminders."""

import datetime

from django.urls import reverse
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from cases import sla
from cases.models import CaseState
from cases.notices import COMPANY, STAFF, _basics, center_staff, company_members
from notifications.kinds import Kind, register
from notifications.services import notify
from programs.formatting import krw
from reshoring.models import Milestone, MilestoneKind, RecoveryCause

register(
    Kind(
        "relocation_started",
        _("Your relocation phase starts"),
        _("%(reference)s: the relocation phase starts"),
        _(
            "Your case %(reference)s (“%(program)s”) is in its relocation phase. Its page "
            "lists the milestones, their due dates and the evidence to upload."
        ),
        roles=COMPANY,
    ),
    Kind(
        "milestone_decided",
        _("An official verified or returned a milestone"),
        _("%(reference)s, milestone “%(milestone)s”: %(outcome)s"),
        _("The milestone “%(milestone)s” of %(reference)s: %(outcome)s. %(reason)s"),
        roles=COMPANY,
    ),
    Kind(
        "tranche_paid",
        _("A subsidy tranche is paid"),
        _("%(reference)s: %(amount)s paid"),
        _("The tranche of %(amount)s for “%(milestone)s” of %(reference)s is paid."),
        roles=COMPANY,
    ),
    Kind(
        "milestone_due_soon",
        _("A milestone is due soon"),
        _("%(reference)s: “%(milestone)s” due %(due)s"),
        _(
            "The evidence for the milestone “%(milestone)s” of %(reference)s is due on "
            "%(due)s. Upload it on the case's page."
        ),
        roles=COMPANY,
    ),
    Kind(
        "milestone_late",
        _("A relocation milestone is late"),
        _("%(reference)s: “%(milestone)s” is late"),
        _(
            "The milestone “%(milestone)s” of %(reference)s (%(company)s) was due on "
            "%(due)s and is not verified."
        ),
        roles=STAFF,
    ),
    Kind(
        "recovery_opened",
        _("A subsidy is to be paid back"),
        _("%(reference)s: %(amount)s to pay back"),
        _(
            "The obligations of %(reference)s were checked: %(cause)s. By the program's "
            "rules, %(amount)s of the %(paid)s paid is to be paid back."
        ),
        roles=COMPANY,
    ),
    Kind(
        "obligations_met",
        _("The obligations of a relocation are met"),
        _("%(reference)s: obligations met"),
        _(
            "The obligations of %(reference)s (“%(program)s”) were checked: they are met, "
            "nothing is to be paid back."
        ),
        roles=COMPANY,
    ),
    Kind(
        "obligations_checked",
        _("The obligations of a relocation were checked"),
        _("%(reference)s: obligations checked"),
        _(
            "The obligations of %(reference)s (%(company)s) were checked: %(cause)s. Of the "
            "%(paid)s paid, %(amount)s is to be paid back."
        ),
        roles=STAFF,
    ),
)


def _label(milestone):
    # Lazy, not get_kind_display(): notify() renders it in each recipient's language.
    return MilestoneKind(milestone.kind).label


def _company_link(case) -> str:
    return reverse("portal:detail", kwargs={"pk": case.pk})


def relocation_started(case, by, data):
    notify(company_members(case), "relocation_started", _basics(case), _company_link(case))


def milestone_decided(case, milestone):
    verified = milestone.state == milestone.State.VERIFIED
    notify(
        company_members(case),
        "milestone_decided",
        {
            **_basics(case),
            "milestone": _label(milestone),
            "outcome": milestone.State(milestone.state).label,
            "reason": "" if verified else milestone.return_reason,
        },
        _company_link(case),
    )


def tranche_paid(case, tranche):
    notify(
        company_members(case),
        "tranche_paid",
        {
            **_basics(case),
            "amount": lazy(krw, str)(tranche.amount),
            "milestone": _label(tranche.milestone),
        },
        _company_link(case),
    )


def recovery_opened(case, recovery):
    notify(
        company_members(case),
        "recovery_opened",
        {
            **_basics(case),
            "cause": RecoveryCause(recovery.cause).label,
            "amount": lazy(krw, str)(recovery.amount),
            "paid": lazy(krw, str)(recovery.paid),
        },
        _company_link(case),
    )


def officials(case) -> list:
    """The case's official; else the leads of its center; else its staff; else the
    administrators."""
    if case.assigned_to_id:
        return [case.assigned_to.user]
    return (
        center_staff(case.center_id, leads_only=True)
        or center_staff(case.center_id)
        or center_staff(None)
    )


def obligations_checked(case, recovery, paid: int, cause: str):
    """The company (what it pays back, or that nothing is) and the case's official, once."""
    key = f"obligations:{case.pk}:{cause}"
    if recovery is None and cause != RecoveryCause.CLOSURE:
        notify(
            company_members(case),
            "obligations_met",
            _basics(case),
            _company_link(case),
            dedupe_key=key,
        )
    notify(
        officials(case),
        "obligations_checked",
        {
            **_basics(case),
            "cause": RecoveryCause(cause).label,
            "amount": lazy(krw, str)(recovery.amount if recovery else 0),
            "paid": lazy(krw, str)(paid),
        },
        reverse("desk:case", kwargs={"pk": case.pk}),
        dedupe_key=key,
    )


REMIND_DAYS = 7


def remind_milestones(*, today=None) -> int:
    """The company, a week before a milestone is due; the case's official (or the center's
    leads), once it is late. Each once per milestone and due date (the dedupe key)."""
    today = today or sla.today()
    sent = 0
    milestones = (
        Milestone.objects.outstanding()
        .filter(
            case__state=CaseState.RELOCATION,
            due_on__lte=today + datetime.timedelta(days=REMIND_DAYS),
        )
        .select_related("case__program", "case__company", "case__center")
        .select_related("case__assigned_to__user")
    )
    for milestone in milestones.iterator(chunk_size=500):
        case = milestone.case
        context = {
            **_basics(case),
            "milestone": _label(milestone),
            "due": milestone.due_on,
        }
        if milestone.due_on >= today:
            recipients, kind, link = (
                company_members(case),
                "milestone_due_soon",
                _company_link(case),
            )
        else:
            official = case.assigned_to
            recipients = (
                [official.user] if official else center_staff(case.center_id, leads_only=True)
            )
            kind, link = "milestone_late", reverse("desk:case", kwargs={"pk": case.pk})
        key = f"{kind}:{milestone.pk}:{milestone.due_on}"
        sent += len(notify(recipients, kind, context, link, dedupe_key=key))
    return sent
