"""Who must stand aside from a case: nobody acts as staff on a case of a company they belong
to, or with which they declared a conflict of interest (cases/conflicts.py).

The rule, applied by `workflow.roles_of` (so every staff row of the workflow table, the
desk's forms and bulk assignment obey it) and by the routing:

- A barred person keeps no staff role on the case: they cannot take it, be assigned it,
  propose, decide, send back or close it, nor add internal notes. A member keeps the
  applicant's part (the portal).
- The routing, the handovers and the assign form suggest and offer only officials free of
  conflict with the company.
- Deciding falls to headquarters when the case's center has leads and every one of them is
  barred: the leads of the headquarters center then hold the lead's part on that case, see
  it on their desk, and decide it (a four-eyes approval too: a center officer proposes, a
  headquarters lead approves). Administrators free of conflict decide any case, as always.
"""

from collections import defaultdict

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from applicants.models import CompanyMember
from cases import sla
from cases.conflicts import ConflictOfInterest
from centers.models import StaffAssignment

MEMBER = _("You cannot act on this case: you are a member of the applying company.")
DECLARED = _(
    "You cannot act on this case: you declared a conflict of interest with the applying company."
)


def barred_reason(user, company_id, *, member: bool | None = None) -> str:
    """Why the user may not act as staff on the company's cases; "" when they may."""
    if member is None:
        member = CompanyMember.objects.filter(company_id=company_id, user=user).exists()
    if member:
        return str(MEMBER)
    if ConflictOfInterest.objects.in_force().filter(company_id=company_id, person=user).exists():
        return str(DECLARED)
    return ""


def barred_user_ids(company_id) -> set[int]:
    """The users who may not act as staff on the company's cases."""
    members = CompanyMember.objects.filter(company_id=company_id).values_list("user_id", flat=True)
    declared = (
        ConflictOfInterest.objects.in_force()
        .filter(company_id=company_id)
        .values_list("person_id", flat=True)
    )
    return set(members) | set(declared)


def barred_official_ids(company_id) -> set[int]:
    """The trade officials (by profile id) the routing and the assign forms must pass over."""
    return barred_officials_by_company([company_id]).get(company_id, set())


def barred_officials_by_company(company_ids) -> dict[int, set[int]]:
    """{company id: the ids of the trade officials barred from its cases}, in two queries,
    for the handovers that move many cases at once."""
    barred: dict[int, set[int]] = defaultdict(set)
    members = CompanyMember.objects.filter(
        company_id__in=company_ids, user__trade_official__isnull=False
    ).values_list("company_id", "user__trade_official")
    declared = (
        ConflictOfInterest.objects.in_force()
        .filter(company_id__in=company_ids, person__trade_official__isnull=False)
        .values_list("company_id", "person__trade_official")
    )
    for company, official in [*members, *declared]:
        barred[company].add(official)
    return barred


def _leads(center_id=None, *, exclude_center=None) -> dict[int, set[int]]:
    """{center id: the user ids of its leads today}."""
    rows = StaffAssignment.objects.active_on(sla.today()).filter(role=StaffAssignment.Role.LEAD)
    if center_id is not None:
        rows = rows.filter(center_id=center_id)
    if exclude_center is not None:
        rows = rows.exclude(center_id=exclude_center)
    leads: dict[int, set[int]] = defaultdict(set)
    for center, user in rows.values_list("center_id", "official__user_id"):
        leads[center].add(user)
    return leads


def no_free_lead(case) -> bool:
    """Whether the case's center has leads and all of them are barred from this case."""
    leads = _leads(case.center_id).get(case.center_id, set())
    return bool(leads) and leads <= barred_user_ids(case.company_id)


def headquarters_lead_center(user) -> int | None:
    """The headquarters center's id if the user leads it today, else None."""
    return (
        StaffAssignment.objects.active_on(sla.today())
        .filter(official__user=user, role=StaffAssignment.Role.LEAD, center__is_headquarters=True)
        .values_list("center_id", flat=True)
        .first()
    )


def referred_to_headquarters(user) -> Q | None:
    """For a lead of headquarters, the cases of other centers it decides (see above), as a
    condition on cases; None for anyone else or when there are none.

    A few small queries: the leads of all centers, then their memberships and declarations.
    """
    headquarters = headquarters_lead_center(user)
    if headquarters is None:
        return None
    leads = _leads(exclude_center=headquarters)
    people = set().union(*leads.values()) if leads else set()
    barred: dict[int, set[int]] = defaultdict(set)
    for company, person in CompanyMember.objects.filter(user_id__in=people).values_list(
        "company_id", "user_id"
    ):
        barred[company].add(person)
    declared = ConflictOfInterest.objects.in_force().filter(person_id__in=people)
    for company, person in declared.values_list("company_id", "person_id"):
        barred[company].add(person)
    scope = Q()
    for company, persons in barred.items():
        for center, center_leads in leads.items():
            if center_leads <= persons:
                scope |= Q(center_id=center, company_id=company)
    return scope or None


# The guard of the assign and reassign rows --------------------------------------------------


def assignee_free_of_conflict(case, by, data) -> list:
    assignee = data.get("assignee")
    if assignee is not None and assignee.pk in barred_official_ids(case.company_id):
        return [
            _(
                "%(official)s may not handle this case: they are a member of the company or "
                "declared a conflict of interest with it."
            )
            % {"official": assignee}
        ]
    return []
