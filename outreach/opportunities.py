"""Opportunities: a center publishes a buyer's request, a tender, a trade fair or a local
government's project; it goes through the announcements' broadcast to exactly the companies
it concerns, and companies express interest, once each, which the center follows up.

A company matches an opportunity when its sector (or the sector's area) is among the
opportunity's sectors, when it exports one of its promising items, or when it aims at the
opportunity's province (one of its applications names it as the target province).
"""

from functools import partial

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.mail import enqueue
from accounts.models import User
from applicants.models import Company, CompanyMember
from cases import sla
from cases.errors import CaseError
from cases.models import Case
from outreach import notices
from outreach.difficulties import works_at
from outreach.liaison_models import Interest, Opportunity
from outreach.services import RESUME_AFTER, broadcast

KIND = "opportunity"


def matching_companies(opportunity):
    """The companies the opportunity is for."""
    sector_ids = list(opportunity.sectors.values_list("pk", flat=True))
    item_ids = list(opportunity.items.values_list("pk", flat=True))
    match = Q(
        Exists(Case.objects.filter(company=OuterRef("pk"), target_province=opportunity.province))
    )
    if sector_ids:
        match |= Q(sector__in=sector_ids) | Q(sector__parent__in=sector_ids)
    if item_ids:
        exports = Company.promising_items.through.objects.filter(
            company=OuterRef("pk"), promisingitem__in=item_ids
        )
        match |= Q(Exists(exports))
    return Company.objects.filter(match)


def recipients(opportunity):
    """The active members of the matching companies, each once."""
    memberships = CompanyMember.objects.filter(
        user=OuterRef("pk"), company__in=matching_companies(opportunity)
    )
    return User.objects.filter(Exists(memberships), is_active=True)


def for_companies(companies):
    """The opportunities that match one of these companies (the same rule, read the other
    way round, in one query: a company member's "opportunities for me")."""
    companies = Company.objects.filter(pk__in=companies.values("pk"))
    sectors = companies.values("sector")
    areas = companies.filter(sector__parent__isnull=False).values("sector__parent")
    items = Company.promising_items.through.objects.filter(company__in=companies).values(
        "promisingitem"
    )
    provinces = Case.objects.filter(company__in=companies).exclude(target_province="")
    match = (
        Q(sectors__in=sectors)
        | Q(sectors__in=areas)
        | Q(items__in=items)
        | Q(province__in=provinces.values("target_province"))
        # An announcement for no sector in particular is for every company.
        | Q(kind=Opportunity.Kind.ANNOUNCEMENT, sectors__isnull=True)
    )
    return Opportunity.objects.filter(pk__in=Opportunity.objects.filter(match).values("pk"))


def for_member(user):
    return for_companies(Company.objects.of_member(user))


def opportunity_publish(
    *, center, by, kind, title, description, province, deadline, sectors=(), items=()
) -> Opportunity:
    """Publish an opportunity of `center`: its officials and administrators may. The
    broadcast runs in a task enqueued after commit (and by the sweep if that enqueue is
    lost)."""
    if not works_at(by, center.pk):
        raise CaseError(
            [
                _("Only the officials of %(center)s may publish its opportunities.")
                % {"center": center.name}
            ]
        )
    if deadline < sla.today():
        raise CaseError([_("The deadline has passed.")])
    with transaction.atomic():
        opportunity = Opportunity.objects.create(
            center=center,
            kind=kind,
            title=title.strip(),
            description=description.strip(),
            province=province,
            deadline=deadline,
            created_by=by,
        )
        opportunity.sectors.set(sectors)
        opportunity.items.set(items)
        transaction.on_commit(partial(_enqueue_fan_out, opportunity.pk))
    return opportunity


def _enqueue_fan_out(opportunity_id: int) -> bool:
    from outreach.tasks import fan_out_opportunity

    return enqueue(fan_out_opportunity, opportunity_id)


def dedupe_key(opportunity_id: int) -> str:
    return f"opportunity:{opportunity_id}"


def fan_out(opportunity_id: int) -> int:
    """Notify each member of each matching company once; a second run notifies nobody."""
    opportunity = Opportunity.objects.select_related("center").filter(pk=opportunity_id).first()
    if opportunity is None or opportunity.fanned_out_at is not None:
        return 0
    context = {
        "center": opportunity.center,
        "title": opportunity.title,
        "kind": Opportunity.Kind(opportunity.kind).label,
        "province": opportunity.get_province_display(),
        "deadline": opportunity.deadline,
        "description": opportunity.description,
    }
    return broadcast(
        rows=Opportunity.objects.filter(pk=opportunity.pk),
        people=recipients(opportunity),
        kind=KIND,
        context=context,
        key=dedupe_key(opportunity.pk),
        link=reverse("portal:opportunity", kwargs={"pk": opportunity.pk}),
    )


def resume(*, now=None) -> int:
    now = now or timezone.now()
    # Announcements have their own broadcast (outreach/services.py) and sweep.
    waiting = (
        Opportunity.objects.exclude(kind=Opportunity.Kind.ANNOUNCEMENT)
        .filter(fanned_out_at__isnull=True, created_at__lt=now - RESUME_AFTER)
        .values_list("pk", flat=True)
    )
    return sum(_enqueue_fan_out(pk) for pk in waiting)


def interest_express(*, opportunity, company, by, message: str) -> tuple[Interest, bool]:
    """A member of `company` tells the center it is interested. Recorded once per company:
    a second time (a double click, a colleague) returns the first, unchanged, with False."""
    if not CompanyMember.objects.filter(company=company, user=by).exists():
        raise CaseError([_("Only a member of the company may express its interest.")])
    if not for_companies(Company.objects.filter(pk=company.pk)).filter(pk=opportunity.pk).exists():
        raise CaseError([_("This opportunity is not one for your company.")])
    message = message.strip()
    if not message:
        raise CaseError([_("Write a short message.")])
    try:
        with transaction.atomic():
            interest = Interest.objects.create(
                opportunity=opportunity, company=company, message=message, expressed_by=by
            )
            notices.interest_received(interest)
    except IntegrityError:
        # The unique constraint decides between two members clicking at once.
        return Interest.objects.get(opportunity=opportunity, company=company), False
    return interest, True


def interest_set_status(*, interest, by, status: str) -> Interest:
    """The center moves the follow-up on; the company sees the status and is told."""
    if status not in Interest.Status.values:
        raise CaseError([_("Choose a status.")])
    with transaction.atomic():
        interest = (
            Interest.objects.select_for_update()
            .select_related("opportunity__center", "company")
            .get(pk=interest.pk)
        )
        if not works_at(by, interest.opportunity.center_id):
            raise CaseError([_("Only the officials of its center may follow it up.")])
        if CompanyMember.objects.filter(company=interest.company_id, user=by).exists():
            raise CaseError([_("You are a member of this company: a colleague must take it up.")])
        if interest.status == status:
            return interest
        interest.status, interest.updated_at = status, timezone.now()
        interest.save(update_fields=["status", "updated_at"])
        notices.interest_status(interest)
    return interest
