"""What the case workflow tells people, through notifications: the kinds, the effects the
workflow's rows name, and the daily reminders."""

from django.urls import reverse
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import Role
from cases import sla
from cases.models import Case, CaseState, InformationRequest, RejectionReason
from centers.models import StaffAssignment
from notifications.kinds import Kind, register
from notifications.models import Channel
from notifications.services import notify
from programs.formatting import krw

COMPANY = frozenset({Role.COMPANY_MEMBER})
STAFF = frozenset({Role.TRADE_OFFICIAL, Role.ADMINISTRATOR})

register(
    Kind(
        "case_submitted",
        _("Your application is received"),
        _("Application %(reference)s received"),
        _(
            "We received your application %(reference)s to “%(program)s”. %(center)s will "
            "take it up; you can follow it on its page."
        ),
        roles=COMPANY,
    ),
    Kind(
        "case_new",
        _("A new case arrives at your center"),
        _("New case %(reference)s: %(company)s"),
        _(
            "%(company)s applied to “%(program)s” for %(amount)s. The case waits for "
            "triage at %(center)s; first response due %(due)s."
        ),
        roles=STAFF,
        default=Channel.DIGEST,
    ),
    Kind(
        "case_assigned",
        _("A case is assigned to you"),
        _("Case %(reference)s is assigned to you"),
        _(
            "%(by)s assigned you the case %(reference)s of %(company)s (“%(program)s”). "
            "Next deadline: %(due)s."
        ),
        roles=STAFF,
    ),
    Kind(
        "info_requested",
        _("An official needs more information"),
        _("Information needed for %(reference)s by %(due)s"),
        _(
            "For your application %(reference)s, the trade official asks you to change or "
            "add the following by %(due)s:\n%(items)s\n\n%(message)s\n\nThe review waits "
            "for your answer."
        ),
        roles=COMPANY,
    ),
    Kind(
        "info_due_soon",
        _("Reminder: an answer is due soon"),
        _("Reminder: your answer on %(reference)s is due %(due)s"),
        _(
            "The trade official is still waiting for your answer on %(reference)s. Please "
            "answer by %(due)s; the review cannot go on without it."
        ),
        roles=COMPANY,
    ),
    Kind(
        "info_answered",
        _("A company answered your request"),
        _("%(company)s answered on %(reference)s"),
        _(
            "%(company)s answered your information request on %(reference)s. The case is "
            "back in review."
        ),
        roles=STAFF,
    ),
    Kind(
        "decision",
        _("A decision on your application"),
        _("Decision on %(reference)s: %(outcome)s"),
        _(
            "The decision on your application %(reference)s to “%(program)s”: %(outcome)s.\n"
            "%(details)s\nThe decision letter is on the case's page."
        ),
        roles=COMPANY,
    ),
    Kind(
        "sla_due_soon",
        _("A case's deadline is near"),
        _("Case %(reference)s is due %(due)s"),
        _("The %(clock)s of case %(reference)s (%(company)s) is due %(due)s."),
        roles=STAFF,
    ),
    Kind(
        "sla_breached",
        _("A case is past its deadline"),
        _("Case %(reference)s is past its deadline"),
        _(
            "The %(clock)s of case %(reference)s (%(company)s) was due %(due)s and has not "
            "happened yet."
        ),
        roles=STAFF,
    ),
)


def company_members(case) -> list:
    return list(User.objects.filter(company_memberships__company=case.company_id, is_active=True))


def center_staff(center_id, *, leads_only=False) -> list:
    if center_id is None:
        return list(User.objects.filter(is_active=True, groups__name=Role.ADMINISTRATOR))
    assignments = StaffAssignment.objects.active_on().filter(center_id=center_id)
    if leads_only:
        assignments = assignments.filter(role=StaffAssignment.Role.LEAD)
    return list(User.objects.filter(is_active=True, trade_official__assignments__in=assignments))


def _company_link(case) -> str:
    return reverse("portal:detail", kwargs={"pk": case.pk})


def _desk_link(case) -> str:
    return reverse("desk:case", kwargs={"pk": case.pk})


def _basics(case) -> dict:
    # Objects and lazy texts, not `.name`: notify() renders them in each recipient's
    # language, not in the language of the person who acted.
    return {
        "reference": case.reference,
        "program": case.program,
        "company": case.company,
        "center": case.center or _("The support desk"),
    }


# Effects named by the workflow's rows -----------------------------------------------------


def submitted(case, by, data):
    notify(company_members(case), "case_submitted", _basics(case), _company_link(case))
    notify(
        center_staff(case.center_id),
        "case_new",
        {
            **_basics(case),
            "amount": lazy(krw, str)(case.amount_requested),
            "due": case.first_response_due,
        },
        _desk_link(case),
    )


def assigned(case, by, data):
    assignee = case.assigned_to
    if assignee is None or assignee.user_id == by.pk:
        return
    notify(
        [assignee.user],
        "case_assigned",
        {**_basics(case), "by": by, "due": case.first_response_due or case.decision_due},
        _desk_link(case),
    )


def information_requested(case, by, data):
    from cases.rules import item_label, open_request

    request = open_request(case)
    notify(
        company_members(case),
        "info_requested",
        {
            **_basics(case),
            "due": request.due_on,
            "message": request.message,
            "items": [lazy(item_label, str)(item) for item in request.items.all()],
        },
        reverse("portal:answer", kwargs={"pk": case.pk}),
    )


def information_answered(case, by, data):
    official = case.assigned_to or case.suggested_official
    recipients = [official.user] if official else center_staff(case.center_id, leads_only=True)
    notify(recipients, "info_answered", _basics(case), _desk_link(case))


def _decision_details(case, approved: bool) -> str:
    if approved:
        details = _("Amount approved: %(amount)s.") % {"amount": krw(case.approved_amount)}
        if case.decision_conditions:
            details = f"{details}\n{case.decision_conditions}"
        return details
    return "\n".join(str(RejectionReason(code).label) for code in case.rejection_reasons)


def decided(case, by, data):
    approved = bool(data.get("amount") and case.approved_amount)
    notify(
        company_members(case),
        "decision",
        {
            **_basics(case),
            "outcome": _("approved") if approved else _("not approved"),
            "details": lazy(_decision_details, str)(case, approved),
        },
        reverse("portal:letter", kwargs={"pk": case.pk}),
    )


# The daily reminders ----------------------------------------------------------------------

CLOCKS = {True: _("first response"), False: _("decision")}


def remind_deadlines(*, today=None) -> int:
    """Tell the official and the center's leads of cases due soon or past due.

    Once per case and deadline (the notifications' dedupe key), so running it twice a day,
    or every day while the case stays overdue, tells each person once per deadline.
    """
    today = today or sla.today()
    sent = 0
    cases = (
        Case.objects.open()
        .filter(sla_due__isnull=False, sla_due__lte=sla.due_soon_limit(today))
        .select_related("company", "program", "center", "assigned_to__user")
        .select_related("suggested_official__user")
    )
    leads: dict = {}
    for case in cases.iterator(chunk_size=500):
        kind = "sla_breached" if case.sla_due < today else "sla_due_soon"
        official = case.assigned_to or case.suggested_official
        if case.center_id not in leads:
            leads[case.center_id] = center_staff(case.center_id, leads_only=True)
        recipients = [official.user] if official else []
        sent += len(
            notify(
                recipients + leads[case.center_id],
                kind,
                {
                    **_basics(case),
                    "due": case.sla_due,
                    "clock": CLOCKS[case.first_response_at is None],
                },
                _desk_link(case),
                dedupe_key=f"{kind}:{case.pk}:{case.sla_due}",
            )
        )
    return sent


def remind_information_due(*, today=None) -> int:
    """Remind the company of an information request due within two business days, once."""
    today = today or sla.today()
    sent = 0
    requests = InformationRequest.objects.filter(
        answered_at__isnull=True,
        case__state=CaseState.INFO_REQUESTED,
        due_on__gte=today,
        due_on__lte=sla.due_soon_limit(today),
    ).select_related("case__company", "case__program", "case__center")
    for request in requests:
        case = request.case
        sent += len(
            notify(
                company_members(case),
                "info_due_soon",
                {**_basics(case), "due": request.due_on},
                reverse("portal:answer", kwargs={"pk": case.pk}),
                dedupe_key=f"info_due_soon:{request.pk}",
            )
        )
    return sent
