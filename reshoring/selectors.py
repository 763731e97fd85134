"""Reads of a reshoring case for its pages: a fixed number of queries however many
milestones a case has."""

from dataclasses import dataclass

from cases import sla
from reshoring.models import Milestone, Recovery, RelocationPlan


@dataclass
class Relocation:
    plan: RelocationPlan | None
    milestones: list
    recovery: Recovery | None
    approved: int
    scheduled: int
    paid: int
    late: int

    @property
    def to_pay(self) -> int:
        return self.scheduled - self.paid

    @property
    def to_recover(self) -> int:
        if self.recovery is None or self.recovery.repaid_on is not None:
            return 0
        return self.recovery.amount


def relocation_of(case, today=None) -> Relocation:
    """The plan, the milestones with their tranche and payment, and the money: 3 queries."""
    today = today or sla.today()
    plan = RelocationPlan.objects.filter(case=case).first()
    milestones = list(
        Milestone.objects.filter(case=case).select_related("tranche__payment", "verified_by")
    )
    recovery = Recovery.objects.filter(case=case).first()
    scheduled = paid = late = 0
    for milestone in milestones:
        milestone.late = milestone.is_late(today)
        late += milestone.late
        tranche = getattr(milestone, "tranche", None)
        milestone.amount = tranche.amount if tranche else None
        milestone.payment = getattr(tranche, "payment", None) if tranche else None
        scheduled += milestone.amount or 0
        paid += milestone.payment.amount if milestone.payment else 0
    return Relocation(
        plan=plan,
        milestones=milestones,
        recovery=recovery,
        approved=case.approved_amount or 0,
        scheduled=scheduled,
        paid=paid,
        late=late,
    )
