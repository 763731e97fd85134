"""The guards and effects of proposing and deciding: the workflow's recommend, send_back,
approve and reject rows (cases/workflow.py). Each proposal and each decision is kept as a
row (cases/decisions.py); the case's own fields hold the current proposal and the decision.

Like every guard and effect (cases/rules.py), these run inside the one transaction of
`services.transition`, with the case row locked.
"""

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.security import Action, security_event_log
from cases.decisions import Decision, Outcome, Recommendation
from cases.errors import CaseError
from cases.models import CaseState
from programs.formatting import krw
from programs.models import Program

# Guards -------------------------------------------------------------------------------------


def amount_within_limits(case, by, data) -> list:
    if data.get("outcome", Outcome.APPROVE) != Outcome.APPROVE:
        return []
    amount = data.get("amount")
    if amount is None or amount < 1:
        return [_("Give the amount to approve, in whole won.")]
    reasons = []
    if case.amount_requested is not None and amount > case.amount_requested:
        reasons.append(
            _("The amount is more than the %(requested)s the company asked for.")
            % {"requested": krw(case.amount_requested)}
        )
    if amount > case.program.max_amount:
        reasons.append(
            _("The amount is more than the program's maximum of %(max)s per case.")
            % {"max": krw(case.program.max_amount)}
        )
    return reasons


def budget_available(case, by, data) -> list:
    amount = data.get("amount") or 0
    available = Program.objects.values_list("budget", "committed").get(pk=case.program_id)
    left = available[0] - available[1]
    if amount > left:
        return [budget_refusal(left)]
    return []


def budget_refusal(left: int) -> str:
    return str(
        _("The program's budget has %(left)s left, less than this amount.") % {"left": krw(left)}
    )


def second_person_for_large_amounts(case, by, data) -> list:
    amount = data.get("amount") or 0
    if amount <= case.program.four_eyes_above:
        return []
    limit = {"limit": krw(case.program.four_eyes_above)}
    # The proposal must be to approve at least this amount: approving more than a colleague
    # proposed (or approving what they proposed to reject) is one person's decision again.
    proposed = (
        case.state == CaseState.RECOMMENDED
        and case.recommended_outcome == Outcome.APPROVE
        and (case.recommended_amount or 0) >= amount
    )
    if not proposed:
        return [
            _("Above %(limit)s, an approval needs a proposal first: propose it, and a "
              "colleague approves.") % limit
        ]  # fmt: skip
    if case.recommended_by_id == by.pk:
        return [
            _("Above %(limit)s, the person who approves must not be the one who proposed.") % limit
        ]
    return []


def needs_fresh_second_factor(case, data) -> bool:
    """An approval above the four-eyes amount is confirmed with the second factor again
    when the session's last verification is old (accounts.otp.FRESH_FOR)."""
    return (data.get("amount") or 0) > case.program.four_eyes_above


def fresh_second_factor_for_large_amounts(case, by, data) -> list:
    # The page passes recently_verified (accounts.otp.recently_verified): the service
    # refuses whoever does not, so no caller approves a large amount on an old session.
    if needs_fresh_second_factor(case, data) and not data.get("recently_verified"):
        return [
            _("Above %(limit)s, confirm the approval with your two-step verification code.")
            % {"limit": krw(case.program.four_eyes_above)}
        ]
    return []


def rejection_reasons_given(case, by, data) -> list:
    reasons = data.get("reasons") or []
    if not reasons:
        return [_("Choose at least one reason for the rejection.")]
    if "other" in reasons and not (data.get("explanation") or "").strip():
        return [_("Explain the other reason.")]
    return []


def outcome_chosen(case, by, data) -> list:
    if data.get("outcome") not in Outcome.values:
        return [_("Choose the decision you propose.")]
    if data["outcome"] == Outcome.REJECT:
        return rejection_reasons_given(case, by, data)
    return amount_within_limits(case, by, data)


# Effects ------------------------------------------------------------------------------------


def _text(data, key) -> str:
    return (data.get(key) or "").strip()


def recommend(case, by, data):
    approving = data["outcome"] == Outcome.APPROVE
    Recommendation.objects.create(
        case=case,
        outcome=data["outcome"],
        amount=data["amount"] if approving else None,
        conditions=_text(data, "conditions") if approving else "",
        reasons=[] if approving else list(data["reasons"]),
        explanation="" if approving else _text(data, "explanation"),
        note=_text(data, "note"),
        recommended_by=by,
    )
    case.recommended_outcome = data["outcome"]
    case.recommended_by = by
    case.recommended_amount = data["amount"] if approving else None
    if approving:
        case.decision_conditions = _text(data, "conditions")
    else:
        case.rejection_reasons = list(data["reasons"])
        case.decision_explanation = _text(data, "explanation")
    proposal = (
        _("Approve %(amount)s.") % {"amount": krw(data["amount"])} if approving else _("Reject.")
    )
    return " ".join(filter(None, [str(proposal), _text(data, "note")]))


def _settle(case, by, status, **fields) -> Recommendation | None:
    """Mark the proposal waiting on the case (if any) with what became of it."""
    pending = case.recommendations.filter(status=Recommendation.Status.PENDING).first()
    if pending is None:
        return None
    pending.status, pending.resolved_by, pending.resolved_at = status, by, timezone.now()
    for name, value in fields.items():
        setattr(pending, name, value)
    pending.save(update_fields=["status", "resolved_by", "resolved_at", *fields])
    return pending


def send_back(case, by, data):
    reason = data["reason"].strip()
    _settle(case, by, Recommendation.Status.SENT_BACK, sent_back_reason=reason)
    case.recommended_outcome, case.recommended_amount, case.recommended_by = "", None, None
    return reason


def proposal_withdrawn(case, by, data):
    _settle(case, by, Recommendation.Status.WITHDRAWN)


def commit_budget(case, by, data):
    """Commit the amount to the program's budget, or refuse: one conditional UPDATE, so
    concurrent approvals queue on the program row and the budget never goes negative."""
    amount = data["amount"]
    committed = Program.objects.filter(pk=case.program_id, committed__lte=F("budget") - amount)
    if not committed.update(committed=F("committed") + amount):
        budget, used = Program.objects.values_list("budget", "committed").get(pk=case.program_id)
        raise CaseError([budget_refusal(budget - used)])
    case.approved_amount = amount
    case.decision_conditions = _text(data, "conditions")
    _decided(case, by, Outcome.APPROVE, amount=amount, conditions=case.decision_conditions)
    return str(_("Approved: %(amount)s.") % {"amount": krw(amount)})


def reject(case, by, data):
    case.rejection_reasons = list(data["reasons"])
    case.decision_explanation = _text(data, "explanation")
    _decided(
        case,
        by,
        Outcome.REJECT,
        reasons=case.rejection_reasons,
        explanation=case.decision_explanation,
    )
    return case.decision_explanation


def _decided(case, by, outcome, **details):
    case.decided_by, case.decided_at = by, timezone.now()
    status = {
        Outcome.APPROVE: Recommendation.Status.APPROVED,
        Outcome.REJECT: Recommendation.Status.REJECTED,
    }[outcome]
    Decision.objects.create(
        case=case,
        outcome=outcome,
        decided_by=by,
        decided_at=case.decided_at,
        recommendation=_settle(case, by, status),
        **details,
    )
    security_event_log(
        action=Action.CASE_APPROVE if outcome == Outcome.APPROVE else Action.CASE_REJECT,
        actor=by,
        obj=case,
        details={
            "reference": case.reference,
            "program": case.program.code,
            "company": case.company_id,
            **details,
        },
    )
