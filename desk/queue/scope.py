"""Which submitted cases an official works on: those of the centers they staff now."""

from django.db.models import Q

from cases import recusal, sla
from cases.models import Case, CaseState
from centers.models import StaffAssignment


def staffed_centers(user) -> dict[int, str] | None:
    """{center id: the user's role there} for the centers the user works at now; None means
    every center (administrators)."""
    if user.is_administrator:
        return None
    return dict(
        StaffAssignment.objects.active_on(sla.today())
        .filter(official__user=user)
        .values_list("center_id", "role")
    )


def staffed_center_ids(user) -> list[int] | None:
    """The ids of the centers the user works at now; None means every center (administrators)."""
    centers = staffed_centers(user)
    return None if centers is None else list(centers)


def may_assign(centers: dict[int, str] | None) -> bool:
    """Whether the desk offers bulk assignment: to administrators and center leads, as the
    workflow's assign and reassign rows allow (its guards still check each case)."""
    return centers is None or StaffAssignment.Role.LEAD in centers.values()


def desk_cases(user, center_ids=None, *, leads: bool = True):
    """The submitted cases the user may work on at the desk: those of their centers, and for
    a lead of headquarters, those it decides because a center's leads are all barred by a
    conflict of interest (cases/recusal.py). `leads=False` says the caller knows the user
    leads no center, which spares the look-up of headquarters' referrals."""
    center_ids = staffed_center_ids(user) if center_ids is None else center_ids
    cases = Case.objects.exclude(state=CaseState.DRAFT)
    if center_ids is not None:
        scope = Q(center_id__in=center_ids)
        if leads and (referred := recusal.referred_to_headquarters(user)):
            scope |= referred
        cases = cases.filter(scope)
    return cases


def may_use_desk(user) -> bool:
    return user.is_authenticated and (user.is_administrator or user.is_trade_official)
