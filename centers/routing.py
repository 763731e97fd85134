"""Where a submitted case goes: cases/ calls `route()` when a case is submitted.

1. The open center whose jurisdiction covers the case's target province, else the
   headquarters.
2. Within it, the suggested official: among the active officers now staffing it, those with
   a specialty matching the case's sector (the industry or its area) if any, else all;
   the lowest load relative to capacity first; ties go to the fewer open cases, then the
   earlier staff number (the official's id), so the same facts always give the same answer.
   Officials the caller excludes (those with a conflict of interest with the company, which
   cases/ knows of) are never suggested.

The load (open cases per official) is counted by cases/ and passed in: centers/ knows
nothing of cases.
"""

from dataclasses import dataclass
from fractions import Fraction

from centers.models import CenterProvince, StaffAssignment, SupportCenter, TradeOfficial


@dataclass(frozen=True)
class Route:
    center: SupportCenter | None
    official: TradeOfficial | None


def center_for(province: str) -> SupportCenter | None:
    row = (
        CenterProvince.objects.filter(is_active=True, province=province)
        .select_related("center")
        .first()
    )
    if row is not None:
        return row.center
    return SupportCenter.objects.open().filter(is_headquarters=True).first()


def officers_of(center: SupportCenter) -> list[TradeOfficial]:
    """The active officers staffing the center today (leads get no routed cases)."""
    return list(
        TradeOfficial.objects.working_at(
            [center.pk], role=StaffAssignment.Role.OFFICER
        ).prefetch_related("specialties")
    )


def suggest_official(
    officers, sector, loads: dict[int, int], exclude=frozenset()
) -> TradeOfficial | None:
    officers = [o for o in officers if o.pk not in exclude]
    if not officers:
        return None
    sector_ids = {sector.pk, sector.parent_id} - {None} if sector is not None else set()
    specialists = [o for o in officers if {s.pk for s in o.specialties.all()} & sector_ids]

    def order(official):
        load = loads.get(official.pk, 0)
        return (Fraction(load, max(official.max_open_cases, 1)), load, official.pk)

    return min(specialists or officers, key=order)


def route(*, province: str, sector, loads_for, exclude=frozenset()) -> Route:
    """The center and suggested official for a case of `sector` aimed at `province`.

    `loads_for(center)` returns {official id: open cases} for the officials of a center;
    `exclude` holds the ids of officials who must not be suggested.
    """
    center = center_for(province)
    if center is None:
        return Route(None, None)
    return Route(center, suggest_official(officers_of(center), sector, loads_for(center), exclude))
