"""The invitation e-mail, sent through the accounts' outbox to an address that may have no
account yet."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from accounts.models import OutgoingEmail, User
from accounts.outbox import EmailKind, email_queue, register
from applicants.models import CompanyInvitation

INVITATION_EMAIL = "applicants.invitation"


def invitation_email(invitation: CompanyInvitation, *, base_url: str) -> OutgoingEmail:
    """Queue the invitation's e-mail in the caller's transaction.

    In the invitee's language if they have an account, else in Korean.
    """
    language = (
        User.objects.filter(email__iexact=invitation.email)
        .values_list("language", flat=True)
        .first()
        or settings.LANGUAGE_CODE
    )
    return email_queue(
        kind=INVITATION_EMAIL,
        to=invitation.email,
        language=language,
        context={"invitation": invitation.pk, "base_url": base_url},
    )


def invitation_context(email: OutgoingEmail) -> dict | None:
    """Nothing for an invitation accepted or expired meanwhile: a late e-mail is harmless.
    The link carries the invitation's token as it is when the e-mail goes out."""
    invitation = (
        CompanyInvitation.objects.open_at(timezone.now())
        .select_related("company", "invited_by")
        .filter(pk=email.context["invitation"], email__iexact=email.to)
        .first()
    )
    if invitation is None:
        return None
    path = reverse("companies:invitation", kwargs={"token": invitation.token})
    return {
        "invitation": invitation,
        "company": invitation.company,
        "link": email.context["base_url"] + path,
    }


register(EmailKind(INVITATION_EMAIL, "applicants/email/invitation", invitation_context))
