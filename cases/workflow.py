"""The case workflow as data: each row says from which states an action goes, who may take
it, what must hold (guards), what it does besides changing the state (effects), where it
leads and whom it tells (notices, once the new state and data are written).
`services.transition` applies a row; pages ask `can()` to show or explain a button;
`diagram` draws the table; the tests walk it.

A program kind may add its own rows (and states) after approval: a row with `kinds` set
applies to the cases of those program kinds only.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from cases import deciding, notices, recusal, rules, sla
from cases.models import CaseState
from centers.models import StaffAssignment

APPLICANT = "applicant"  # a member of the case's company
OFFICER = "officer"  # an official now staffing the case's center (a lead is one too)
LEAD = "lead"  # the lead of the case's center
ADMINISTRATOR = "administrator"

ROLE_NAMES = {
    APPLICANT: _("a member of the applying company"),
    OFFICER: _("a trade official of the case's center"),
    LEAD: _("the lead of the case's center"),
    ADMINISTRATOR: _("an administrator"),
}

OPEN = frozenset(
    {CaseState.SUBMITTED, CaseState.IN_REVIEW, CaseState.INFO_REQUESTED, CaseState.RECOMMENDED}
)
STAFF = frozenset({OFFICER, LEAD, ADMINISTRATOR})
DECIDERS = frozenset({LEAD, ADMINISTRATOR})


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset
    target: str | None  # None: the case stays in its state
    roles: frozenset
    label: str
    guards: tuple = ()
    effects: tuple = ()
    notices: tuple = ()
    kinds: frozenset | None = field(default=None)  # program kinds it is for; None: all

    def leads_to(self, state: str) -> str:
        return self.target or state


# Checks a program kind adds to a row all kinds share, by (kind, action): the kind's app
# registers them (reshoring: the approved amount within its rate and cap).
KIND_GUARDS: dict[tuple[str, str], list] = {}


def kind_guards(action: str):
    def guard(case, by, data) -> list:
        checks = KIND_GUARDS.get((case.program.kind, action), ())
        return [reason for check in checks for reason in check(case, by, data)]

    guard.__name__ = f"{action}_kind_guards"
    return guard


TRANSITIONS = [
    Transition(
        "submit", frozenset({CaseState.DRAFT}), CaseState.SUBMITTED, frozenset({APPLICANT}),
        _("Submit the application"),
        guards=(rules.application_complete,), effects=(rules.route,),
        notices=(notices.submitted,),
    ),
    Transition(
        "withdraw", OPEN, CaseState.WITHDRAWN, frozenset({APPLICANT}),
        _("Withdraw the application"),
        guards=(rules.reason_given,), effects=(rules.stop_clocks, deciding.proposal_withdrawn),
    ),
    Transition(
        "take", frozenset({CaseState.SUBMITTED}), CaseState.IN_REVIEW, frozenset({OFFICER}),
        _("Take the case"), effects=(rules.take,),
    ),
    Transition(
        "assign", frozenset({CaseState.SUBMITTED}), CaseState.IN_REVIEW, DECIDERS,
        _("Assign to an official"),
        guards=(rules.assignee_staffs_the_center, recusal.assignee_free_of_conflict),
        effects=(rules.assign,), notices=(notices.assigned,),
    ),
    Transition(
        "reassign",
        frozenset({CaseState.IN_REVIEW, CaseState.INFO_REQUESTED, CaseState.RECOMMENDED}),
        None, DECIDERS, _("Reassign to another official"),
        guards=(
            rules.assignee_staffs_the_center,
            recusal.assignee_free_of_conflict,
            rules.reason_given_when_reassigning,
        ),
        effects=(rules.assign,), notices=(notices.assigned,),
    ),
    Transition(
        "request_info", frozenset({CaseState.IN_REVIEW}), CaseState.INFO_REQUESTED, STAFF,
        _("Request information"),
        guards=(rules.items_asked,), effects=(rules.request_information,),
        notices=(notices.information_requested,),
    ),
    Transition(
        "answer_info", frozenset({CaseState.INFO_REQUESTED}), CaseState.IN_REVIEW,
        frozenset({APPLICANT}), _("Send the answers"),
        guards=(rules.all_items_answered,), effects=(rules.answer_information,),
        notices=(notices.information_answered,),
    ),
    Transition(
        "recommend", frozenset({CaseState.IN_REVIEW}), CaseState.RECOMMENDED, STAFF,
        _("Propose a decision"), guards=(deciding.outcome_chosen,), effects=(deciding.recommend,),
    ),
    Transition(
        "send_back", frozenset({CaseState.RECOMMENDED}), CaseState.IN_REVIEW, DECIDERS,
        _("Send the proposal back"),
        guards=(rules.reason_given,), effects=(deciding.send_back,),
    ),
    Transition(
        "approve", frozenset({CaseState.IN_REVIEW, CaseState.RECOMMENDED}), CaseState.APPROVED,
        DECIDERS, _("Approve"),
        guards=(
            deciding.amount_within_limits,
            deciding.second_person_for_large_amounts,
            deciding.fresh_second_factor_for_large_amounts,
            deciding.budget_available,
            kind_guards("approve"),
        ),
        effects=(deciding.commit_budget,), notices=(notices.decided,),
    ),
    Transition(
        "reject", frozenset({CaseState.IN_REVIEW, CaseState.RECOMMENDED}), CaseState.REJECTED,
        DECIDERS, _("Reject"),
        guards=(deciding.rejection_reasons_given,), effects=(deciding.reject,),
        notices=(notices.decided,),
    ),
    Transition(
        "close",
        frozenset({CaseState.APPROVED, CaseState.REJECTED, CaseState.WITHDRAWN}),
        CaseState.CLOSED, DECIDERS, _("Close the file"),
        guards=(rules.reason_given,), effects=(rules.stop_clocks,),
    ),
]  # fmt: skip


def register(*rows: Transition, guards: dict | None = None) -> None:
    """For an app of a program kind (in its AppConfig.ready): its own rows of the table
    (each with `kinds` set), and its checks on the shared rows."""
    assert all(row.kinds for row in rows), "a kind's rows say which kinds they are for"
    TRANSITIONS.extend(row for row in rows if row not in TRANSITIONS)
    for key, checks in (guards or {}).items():
        KIND_GUARDS.setdefault(key, []).extend(
            c for c in checks if c not in KIND_GUARDS.get(key, [])
        )


def transitions_for(program_kind: str) -> dict[str, Transition]:
    return {t.action: t for t in TRANSITIONS if t.kinds is None or program_kind in t.kinds}


class Roles(set):
    """The user's roles on a case. `barred` says why staff roles were withheld (they belong
    to the applying company or declared a conflict with it: cases/recusal.py);
    `standing_in` marks a headquarters lead deciding for a center whose leads are barred."""

    barred = ""
    standing_in = False


def roles_of(user, case) -> Roles:
    """The user's roles on this case: two small queries, a few more for staff."""
    roles = Roles()
    if not user.is_authenticated:
        return roles
    if user.is_administrator:
        roles.add(ADMINISTRATOR)
    leads_headquarters = False
    if user.is_trade_official and case.center_id is not None:
        rows = (
            StaffAssignment.objects.active_on(sla.today())
            .filter(official__user=user)
            .values_list("center_id", "role", "center__is_headquarters")
        )
        for center_id, role, at_headquarters in rows:
            is_lead = role == StaffAssignment.Role.LEAD
            if center_id == case.center_id:
                roles.add(OFFICER)
                if is_lead:
                    roles.add(LEAD)
            elif is_lead and at_headquarters:
                leads_headquarters = True
    member = case.company.members.filter(user=user).exists()
    if member:
        roles.add(APPLICANT)
    if leads_headquarters and recusal.no_free_lead(case):
        roles.add(LEAD)
        roles.standing_in = True
    if roles & STAFF:
        roles.barred = recusal.barred_reason(user, case.company_id, member=member)
        if roles.barred:
            roles.difference_update(STAFF)
            roles.standing_in = False
    return roles


def can(user, case, action: str, roles: set[str] | None = None) -> tuple[bool, str]:
    """Whether the user may take the action on the case now, and if not, why. The guards,
    which need what the user enters, are checked when the action is applied."""
    transition = transitions_for(case.program.kind).get(action)
    if transition is None or case.state not in transition.sources:
        return False, _("This is not possible while the case is “%(state)s”.") % {
            "state": case.get_state_display()
        }
    roles = roles_of(user, case) if roles is None else roles
    if not roles & transition.roles:
        barred = getattr(roles, "barred", "")
        if barred and transition.roles & STAFF:
            return False, barred
        allowed = [str(ROLE_NAMES[role]) for role in sorted(transition.roles)]
        return False, _("Only %(roles)s can do this.") % {"roles": _(" or ").join(allowed)}
    return True, ""


def actions_for(user, case, roles: set[str] | None = None) -> list[Transition]:
    """The transitions the user may take on the case now, in the table's order."""
    roles = roles_of(user, case) if roles is None else roles
    return [
        t
        for t in transitions_for(case.program.kind).values()
        if case.state in t.sources and roles & t.roles
    ]


# What a company reads about where its case stands: (the next step, who has it).
NEXT_STEP = {
    CaseState.DRAFT: (_("Complete the application and submit it."), _("Your company")),
    CaseState.SUBMITTED: (_("A trade official will take up the case."), _("Support center")),
    CaseState.IN_REVIEW: (_("A trade official is reviewing the case."), _("Trade official")),
    CaseState.INFO_REQUESTED: (_("Answer the official's questions."), _("Your company")),
    CaseState.RECOMMENDED: (_("The decision is being made."), _("Support center")),
}

# The timeline in words a company understands, by the event's action.
EVENT_LABELS = {
    "start": _("Application started"),
    "edit": _("Application edited"),
    "upload": _("Document uploaded"),
    "submit": _("Application submitted"),
    "withdraw": _("Application withdrawn"),
    "handover": _("Handed over to another trade official"),
    "transfer": _("Moved to another support center"),
    "take": _("Taken up by a trade official"),
    "assign": _("Assigned to a trade official"),
    "reassign": _("Reassigned to another trade official"),
    "request_info": _("Information requested"),
    "answer_info": _("Information sent"),
    "recommend": _("Decision proposed"),
    "send_back": _("Proposal sent back for review"),
    "approve": _("Approved"),
    "reject": _("Rejected"),
    "close": _("File closed"),
    # Written by insights (issue 15), which sits above cases.
    "outcome_report": _("Outcome report sent"),
}

# Timeline entries whose note is for officials only: the company sees the entry, not the note.
INTERNAL_NOTES = {"assign", "reassign", "recommend", "send_back", "handover", "transfer"}
