"""E-mails about company membership, sent by the Celery worker after the write committed."""

from celery import shared_task
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from accounts.mail import RETRY_MAIL, send_templated_mail
from accounts.models import User
from applicants.models import CompanyInvitation


@shared_task(**RETRY_MAIL)
def send_invitation_email(invitation_id: int, base_url: str) -> int:
    """E-mail the invitation link; returns the number sent.

    In the invitee's language if they have an account, else in Korean. Sends nothing for an
    invitation that was accepted or has expired meanwhile, so a late delivery is harmless.
    """
    invitation = (
        CompanyInvitation.objects.open_at(timezone.now())
        .select_related("company", "invited_by")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None:
        return 0
    language = (
        User.objects.filter(email__iexact=invitation.email)
        .values_list("language", flat=True)
        .first()
        or settings.LANGUAGE_CODE
    )
    link = base_url + reverse("companies:invitation", kwargs={"token": invitation.token})
    context = {"invitation": invitation, "company": invitation.company, "link": link}
    return send_templated_mail(
        "applicants/email/invitation", context, to=invitation.email, language=language
    )
