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


# The administrators' overview -------------------------------------------------------------


@dataclass
class Phase:
    key: str
    label: str
    cases: int


@dataclass
class RegionRow:
    region: str
    label: str
    cases: int
    planned_investment: int
    realised_investment: int
    planned_jobs: int
    realised_jobs: int


@dataclass
class ProgramRow:
    program: object
    budget: int
    committed: int
    paid: int
    recovered: int


def overview() -> dict:
    """Cases by phase, investment and jobs by Korean region, subsidies against budget: four
    queries, however many cases there are."""
    from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Sum
    from django.db.models.functions import Coalesce
    from django.utils.translation import gettext_lazy as _

    from applicants.models import KoreanRegion
    from cases.models import OPEN_STATES, Case, CaseState
    from programs.models import Program
    from reshoring.models import Payment, Tranche

    cases = Case.objects.filter(program__kind=Program.Kind.RESHORING).exclude(state=CaseState.DRAFT)
    # Exists, not joins: a join to the tranches would count a case once per tranche.
    scheduled = Exists(Tranche.objects.filter(case=OuterRef("pk")))
    unpaid = Tranche.objects.filter(case=OuterRef("pk"), payment__isnull=True)
    recovering = Recovery.objects.filter(case=OuterRef("pk"), repaid_on__isnull=True)
    repaid = Recovery.objects.filter(case=OuterRef("pk"), repaid_on__isnull=False)
    counts = cases.aggregate(
        applied=Count("pk", filter=Q(state__in=OPEN_STATES)),
        approved=Count("pk", filter=Q(state=CaseState.APPROVED)),
        relocating=Count(
            "pk",
            filter=Q(state=CaseState.RELOCATION)
            & ~Q(Exists(recovering) | Exists(repaid))
            & (Q(Exists(unpaid)) | ~Q(scheduled)),
        ),
        paid=Count(
            "pk",
            filter=Q(state=CaseState.RELOCATION)
            & Q(scheduled)
            & ~Q(Exists(unpaid) | Exists(recovering) | Exists(repaid)),
        ),
        recovery=Count("pk", filter=Q(Exists(recovering))),
        recovered=Count("pk", filter=Q(Exists(repaid))),
        refused=Count("pk", filter=Q(state__in=[CaseState.REJECTED, CaseState.WITHDRAWN])),
    )
    labels = {
        "applied": _("Applied, in review"),
        "approved": _("Approved, relocation not started"),
        "relocating": _("In relocation"),
        "paid": _("Fully paid"),
        "recovery": _("In recovery"),
        "recovered": _("Recovered"),
        "refused": _("Rejected or withdrawn"),
    }
    phases = [Phase(key, str(label), counts[key]) for key, label in labels.items()]

    by_region = (
        RelocationPlan.objects.filter(case__in=cases.filter(approved_amount__isnull=False))
        .values("korea_region")
        .annotate(
            cases=Count("pk"),
            planned_investment=Coalesce(Sum("planned_investment"), 0),
            realised_investment=Coalesce(Sum("realised_investment"), 0),
            planned_jobs=Coalesce(Sum("planned_jobs"), 0),
            realised_jobs=Coalesce(Sum("realised_jobs"), 0),
        )
        .order_by("korea_region")
    )
    region_labels = dict(KoreanRegion.choices)
    regions = [
        RegionRow(label=str(region_labels[row["korea_region"]]), region=row["korea_region"],
                  **{k: v for k, v in row.items() if k != "korea_region"})
        for row in by_region
    ]  # fmt: skip

    def total(model, path, amount="amount", **extra):
        rows = model.objects.filter(**{path: OuterRef("pk")}, **extra).values(path)
        return Coalesce(
            Subquery(rows.annotate(s=Sum(amount)).values("s")[:1], output_field=IntegerField()),
            0,
        )

    programs = [
        ProgramRow(p, p.budget, p.committed, p.paid, p.recovered)
        for p in Program.objects.filter(kind=Program.Kind.RESHORING)
        .annotate(
            paid=total(Payment, "tranche__case__program"),
            recovered=total(Recovery, "case__program", repaid_on__isnull=False),
        )
        .order_by("code")
    ]
    return {"phases": phases, "regions": regions, "programs": programs}
