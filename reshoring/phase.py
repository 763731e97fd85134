"""The reshoring kind's part of the case workflow, registered when the app is ready: the row
that starts the relocation phase after approval, the approval's check of the program's
rate and cap, the application's checklist (the relocation plan), and the timeline's words."""

from django.utils.translation import gettext_lazy as _

from cases import checklist, sla, workflow
from cases.checklist import ChecklistItem
from cases.models import CaseState
from programs.models import Program
from reshoring import notices, rules
from reshoring.models import MILESTONE_ORDER, Milestone, RelocationPlan

RESHORING = frozenset({Program.Kind.RESHORING})


def _plan(case):
    return RelocationPlan.objects.filter(case=case).first()


def amount_within_rate_and_cap(case, by, data) -> list:
    return rules.amount_problems(rules.settings_for(case.program), _plan(case), data.get("amount"))


def milestones_set(case, by, data):
    """The six milestones, due on dates spread over the plan's; the official adjusts them
    when fixing the schedule."""
    dates = rules.default_due_dates(_plan(case), sla.today())
    Milestone.objects.bulk_create(
        [
            Milestone(case=case, kind=kind, position=index, due_on=dates[kind])
            for index, kind in enumerate(MILESTONE_ORDER)
        ],
        ignore_conflicts=True,
    )


def plan_checklist(case) -> list[ChecklistItem]:
    plan = _plan(case)
    if plan is None:
        return [ChecklistItem(_("The relocation plan"), False)]
    problems = rules.plan_problems(
        rules.settings_for(case.program),
        cut_percent=plan.cut_percent,
        china_ksic=plan.china_ksic,
        korea_ksic=plan.korea_ksic,
    )
    return [ChecklistItem(_("The relocation plan"), True)] + [
        ChecklistItem(problem, False) for problem in problems.values()
    ]


workflow.register(
    workflow.Transition(
        "start_relocation", frozenset({CaseState.APPROVED}), CaseState.RELOCATION,
        workflow.STAFF, _("Start the relocation phase"),
        effects=(milestones_set,), notices=(notices.relocation_started,), kinds=RESHORING,
    ),
    guards={(Program.Kind.RESHORING, "approve"): [amount_within_rate_and_cap]},
)  # fmt: skip
checklist.KIND_CHECKLISTS[Program.Kind.RESHORING] = plan_checklist
workflow.NEXT_STEP[CaseState.RELOCATION] = (
    _("Reach the milestones and upload their evidence."),
    _("Your company"),
)
workflow.EVENT_LABELS.update(
    {
        "start_relocation": _("Relocation phase started"),
        "plan": _("Relocation plan saved"),
        "schedule": _("Tranches and due dates fixed"),
        "evidence": _("Milestone evidence uploaded"),
        "verify": _("Milestone verified"),
        "return": _("Milestone returned"),
        "pay": _("Tranche paid"),
        "check": _("Obligations checked"),
        "recovery": _("Recovery opened"),
        "repay": _("Repayment recorded"),
    }
)
