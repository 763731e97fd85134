"""The case workflow as data: which action takes a case from which states to which, and who
may take it. Services apply a row; pages ask `can()` to show or explain a button.

The desk's transitions (assign, request information, recommend, decide) join this table
with the triage desk; a program kind may add its own states after approval.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from cases.models import CaseState

APPLICANT = "applicant"  # a member of the case's company


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[str]
    target: str
    roles: frozenset[str]
    label: str


TRANSITIONS = {
    t.action: t
    for t in [
        Transition(
            "submit", frozenset({CaseState.DRAFT}), CaseState.SUBMITTED,
            frozenset({APPLICANT}), _("Submit the application"),
        ),
        Transition(
            "withdraw",
            frozenset({CaseState.SUBMITTED, CaseState.IN_REVIEW, CaseState.INFO_REQUESTED,
                       CaseState.RECOMMENDED}),
            CaseState.WITHDRAWN, frozenset({APPLICANT}), _("Withdraw the application"),
        ),
    ]
}  # fmt: skip


def roles_of(user, case) -> set[str]:
    roles = set()
    if case.company.members.filter(user=user).exists():
        roles.add(APPLICANT)
    return roles


def can(user, case, action: str) -> tuple[bool, str]:
    """Whether the user may take the action on the case now, and if not, why."""
    transition = TRANSITIONS[action]
    if case.state not in transition.sources:
        return False, _("This is not possible while the case is “%(state)s”.") % {
            "state": case.get_state_display()
        }
    if not roles_of(user, case) & transition.roles:
        return False, _("Only a member of the applying company can do this.")
    return True, ""


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
    "upload": _("Document uploaded"),
    "submit": _("Application submitted"),
    "withdraw": _("Application withdrawn"),
    "handover": _("Handed over to another trade official"),
}
