"""What the companies part tells people, through notifications."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import Role
from notifications.kinds import Kind, register
from notifications.models import Channel
from notifications.services import notify

JOIN_REQUEST = "join_request"
INVITATION = "invitation"

register(
    Kind(
        JOIN_REQUEST,
        _("Someone asks to join your company"),
        _("%(person)s asks to join %(company)s"),
        _(
            "%(person)s (%(email)s) asks to join %(company)s on the China Export Support "
            "Desk.\n%(message)s\nAs the company's owner, you can approve or decline the "
            "request on the company's page."
        ),
        roles=frozenset({Role.COMPANY_MEMBER}),
    ),
    Kind(
        INVITATION,
        _("You are invited to join a company"),
        _("You are invited to join %(company)s"),
        _(
            "%(person)s invites you to join %(company)s on the China Export Support Desk. "
            "The invitation was also e-mailed to you with its link."
        ),
        roles=frozenset({Role.COMPANY_MEMBER}),
        # The invitation e-mail itself goes to the address, account or not.
        default=Channel.IN_APP,
    ),
)


def join_requested(join_request, owners) -> None:
    notify(
        owners,
        JOIN_REQUEST,
        {
            "person": join_request.user.full_name or join_request.user.email,
            "email": join_request.user.email,
            "company": join_request.company,  # its name in the owner's language
            "message": join_request.message,
        },
        reverse("companies:detail", kwargs={"pk": join_request.company_id}),
    )


def invited(invitation) -> None:
    invitee = User.objects.filter(email__iexact=invitation.email, is_active=True).first()
    if invitee is None:
        return
    notify(
        [invitee],
        INVITATION,
        {"person": invitation.invited_by.full_name, "company": invitation.company},
        reverse("companies:invitation", kwargs={"token": invitation.token}),
    )
