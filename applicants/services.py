"""The writes of the applicants app: companies, their members, invitations, requests to join.

Every change of membership first locks the company's membership rows, so the owner's
check and the change happen as one: two owners' tabs, or an owner handing over ownership
while approving a request, cannot both win.
"""

import secrets

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import Role
from applicants import emails, notices
from applicants.models import Company, CompanyInvitation, CompanyMember, JoinRequest


class MembershipRefused(Exception):
    """The change is not allowed; the message says why, in words for the user."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class BusinessNumberTaken(Exception):
    """Another company has this business registration number."""


def _lock_memberships(company: Company) -> dict[int, CompanyMember]:
    """The company's memberships by user id, locked until the transaction ends."""
    return {
        member.user_id: member
        for member in CompanyMember.objects.select_for_update().filter(company=company)
    }


def _require_owner(memberships: dict[int, CompanyMember], user: User) -> None:
    member = memberships.get(user.pk)
    if member is None or not member.is_owner:
        raise MembershipRefused(_("Only the company's owner can do this."))


def _give_company_member_role(user: User) -> None:
    user.groups.add(Group.objects.get(name=Role.COMPANY_MEMBER.value))


def _add_member(company: Company, user: User) -> CompanyMember:
    member, _created = CompanyMember.objects.get_or_create(
        company=company, user=user, defaults={"role": CompanyMember.Role.MEMBER}
    )
    _give_company_member_role(user)
    return member


def staff_refusal(user: User) -> str | None:
    """Why `user` may not register or join a company, when they hold a staff account and the
    setting STAFF_MAY_REGISTER_COMPANIES is off; None if they may."""
    if settings.STAFF_MAY_REGISTER_COMPANIES:
        return None
    if user.is_trade_official or user.is_administrator:
        return str(
            _(
                "Staff accounts (trade officials and administrators) cannot register or join a "
                "company. If you have ties to a company, declare them as a conflict of "
                "interest on the desk."
            )
        )
    return None


def company_register(*, by: User, business_number: str, promising_items=(), **profile) -> Company:
    """Register a company with `by` as its owner; `profile` holds the other Company fields.

    Raises BusinessNumberTaken if the number is registered already (the form checks first,
    but two registrations of one number can race: the unique index decides), and
    MembershipRefused for a staff account (see staff_refusal).
    """
    if refusal := staff_refusal(by):
        raise MembershipRefused(refusal)
    try:
        with transaction.atomic():
            company = Company.objects.create(business_number=business_number, **profile)
            company.promising_items.set(promising_items)
            CompanyMember.objects.create(company=company, user=by, role=CompanyMember.Role.OWNER)
            _give_company_member_role(by)
    except IntegrityError as error:
        if Company.objects.filter(business_number=business_number).exists():
            raise BusinessNumberTaken(business_number) from error
        raise
    return company


@transaction.atomic
def company_update(*, company: Company, by: User, promising_items=(), **profile) -> Company:
    """Change the export profile; the business registration number never changes."""
    _require_owner(_lock_memberships(company), by)
    profile.pop("business_number", None)
    for field, value in profile.items():
        setattr(company, field, value)
    company.save(update_fields=list(profile))
    company.promising_items.set(promising_items)
    return company


def invitation_send(*, company: Company, by: User, email: str, base_url: str) -> CompanyInvitation:
    """Invite an address to join; inviting it again renews the link and its seven days."""
    email = User.objects.normalize_email(email).lower()
    now = timezone.now()
    with transaction.atomic():
        memberships = _lock_memberships(company)
        _require_owner(memberships, by)
        if CompanyMember.objects.filter(company=company, user__email__iexact=email).exists():
            raise MembershipRefused(_("This person is already a member of the company."))
        invitation, _created = CompanyInvitation.objects.pending().update_or_create(
            company=company,
            email__iexact=email,
            defaults={
                "email": email,
                "invited_by": by,
                "token": secrets.token_urlsafe(32),
                "created_at": now,
                "expires_at": now + CompanyInvitation.VALID_FOR,
            },
        )
        emails.invitation_email(invitation, base_url=base_url)
        notices.invited(invitation)
    return invitation


def invitation_refusal(invitation: CompanyInvitation, user: User, *, now) -> str | None:
    """Why `user` may not accept the invitation, in words for them; None if they may.

    The invitation must be pending, unexpired and sent to the user's address: a forwarded
    link lets nobody else in.
    """
    if invitation.email.lower() != user.email.lower():
        return _(
            "This invitation was sent to another e-mail address. Log in with the address that "
            "received it, or ask the owner to invite %(email)s."
        ) % {"email": user.email}
    if refusal := staff_refusal(user):
        return refusal
    if invitation.status == CompanyInvitation.Status.ACCEPTED:
        return _("This invitation has already been accepted.")
    if invitation.is_expired_at(now):
        return _("This invitation has expired. Ask the company's owner to invite you again.")
    return None


@transaction.atomic
def invitation_accept(*, invitation: CompanyInvitation, by: User) -> CompanyMember:
    """Make `by` a member of the inviting company (see invitation_refusal for who may)."""
    invitation = (
        CompanyInvitation.objects.select_for_update()
        .select_related("company")
        .get(pk=invitation.pk)
    )
    if refusal := invitation_refusal(invitation, by, now=timezone.now()):
        raise MembershipRefused(refusal)
    member = _add_member(invitation.company, by)
    invitation.status = CompanyInvitation.Status.ACCEPTED
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["status", "accepted_at"])
    return member


def join_request_send(
    *, company: Company, by: User, message: str = "", base_url: str
) -> JoinRequest:
    """Ask the owner to let `by` in; asking again while a request waits changes nothing."""
    if refusal := staff_refusal(by):
        raise MembershipRefused(refusal)
    with transaction.atomic():
        if CompanyMember.objects.filter(company=company, user=by).exists():
            raise MembershipRefused(_("You are already a member of this company."))
        pending = JoinRequest.objects.pending().filter(company=company, user=by)
        if join_request := pending.first():
            return join_request
        try:
            with transaction.atomic():
                join_request = JoinRequest.objects.create(company=company, user=by, message=message)
        except IntegrityError:
            # A double click raced us past the check; the partial unique index kept one.
            return pending.get()
        owners = User.objects.filter(
            company_memberships__company=company,
            company_memberships__role=CompanyMember.Role.OWNER,
            is_active=True,
        )
        notices.join_requested(join_request, owners)
    return join_request


def _decide(join_request: JoinRequest, by: User, status: str) -> JoinRequest:
    _require_owner(_lock_memberships(join_request.company), by)
    # Locked after the memberships, in the same order as everywhere else.
    join_request = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
    if join_request.status != JoinRequest.Status.PENDING:
        raise MembershipRefused(_("This request has already been answered."))
    join_request.status = status
    join_request.decided_at = timezone.now()
    join_request.decided_by = by
    join_request.save(update_fields=["status", "decided_at", "decided_by"])
    return join_request


@transaction.atomic
def join_request_approve(*, join_request: JoinRequest, by: User) -> CompanyMember:
    join_request = _decide(join_request, by, JoinRequest.Status.APPROVED)
    return _add_member(join_request.company, join_request.user)


@transaction.atomic
def join_request_decline(*, join_request: JoinRequest, by: User) -> JoinRequest:
    return _decide(join_request, by, JoinRequest.Status.DECLINED)


@transaction.atomic
def ownership_transfer(*, company: Company, by: User, to: CompanyMember) -> CompanyMember:
    """Make another member the owner; `by` stays on as a member."""
    memberships = _lock_memberships(company)
    _require_owner(memberships, by)
    new_owner = memberships.get(to.user_id)
    if new_owner is None or new_owner.pk != to.pk:
        raise MembershipRefused(_("Choose a member of the company."))
    if new_owner.user_id == by.pk:
        raise MembershipRefused(_("You are already the owner."))
    # The database allows one owner per company at any instant: demote first, then promote.
    old_owner = memberships[by.pk]
    old_owner.role = CompanyMember.Role.MEMBER
    old_owner.save(update_fields=["role"])
    new_owner.role = CompanyMember.Role.OWNER
    new_owner.save(update_fields=["role"])
    return new_owner


@transaction.atomic
def membership_leave(*, company: Company, by: User) -> None:
    member = _lock_memberships(company).get(by.pk)
    if member is None:
        raise MembershipRefused(_("You are not a member of this company."))
    if member.is_owner:
        raise MembershipRefused(
            _(
                "You are the company's owner: transfer the ownership to another member before "
                "you leave."
            )
        )
    member.delete()


@transaction.atomic
def membership_remove(*, company: Company, by: User, member: CompanyMember) -> None:
    memberships = _lock_memberships(company)
    _require_owner(memberships, by)
    member = memberships.get(member.user_id)
    if member is None:
        raise MembershipRefused(_("This person is no longer a member of the company."))
    if member.is_owner:
        raise MembershipRefused(_("The owner cannot be removed. Transfer the ownership first."))
    member.delete()
