"""Reads of the applicants app; every fetch of a company goes through the user's memberships."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from applicants.models import Company, CompanyInvitation, CompanyMember, JoinRequest


def get_membership_for(user, pk, *, owner: bool = False) -> CompanyMember:
    """The user's membership of company `pk`, with the company; 404 unless they are a member.

    Asked on every request, so a member who left or was removed loses access at once.
    With owner=True, a member who is not the owner gets 403.
    """
    member = (
        CompanyMember.objects.filter(company_id=pk, user=user)
        .select_related("company__sector__parent")
        .first()
        if user.is_authenticated
        else None
    )
    if member is None:
        raise Http404("No company of yours has this id.")
    if owner and not member.is_owner:
        raise PermissionDenied("Only the owner may do this.")
    return member


def get_company_for(user, pk, *, owner: bool = False) -> Company:
    return get_membership_for(user, pk, owner=owner).company


def companies_of(user):
    return (
        Company.objects.of_member(user)
        .with_role_of(user)
        .select_related("sector")
        .order_by("name_ko")
    )


def company_page(company: Company, me: CompanyMember, now) -> dict:
    """What the company page shows, in a fixed number of queries whatever the membership."""
    context = {
        "members": list(
            CompanyMember.objects.filter(company=company)
            .select_related("user")
            .order_by("-role", "joined_at")
        ),
        "promising_items": list(company.promising_items.select_related("sector")),
    }
    if me.is_owner:
        context["join_requests"] = list(
            JoinRequest.objects.pending().filter(company=company).select_related("user")
        )
        context["invitations"] = list(
            CompanyInvitation.objects.open_at(now)
            .filter(company=company)
            .select_related("invited_by")
        )
    return context


def company_search(text: str, *, limit: int = 10):
    """Companies whose business registration number starts with the digits typed (dashes
    allowed), or whose Korean or English name contains the text: at most `limit`, as a
    queryset a form may validate a choice against."""
    text = text.strip()[:100]
    if not text:
        return Company.objects.none()
    digits = text.replace("-", "")
    if digits.isdigit():
        matches = Company.objects.filter(business_number__startswith=digits)
    else:
        matches = Company.objects.filter(Q(name_ko__icontains=text) | Q(name_en__icontains=text))
    ids = list(matches.order_by("name_ko", "pk").values_list("pk", flat=True)[:limit])
    return Company.objects.filter(pk__in=ids).order_by("name_ko", "pk")
