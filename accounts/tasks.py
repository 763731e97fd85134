from smtplib import SMTPException

from celery import shared_task
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import User
from accounts.tokens import email_verification_token

# A mail server that hiccups gets asked again, waiting longer each time (10 s, 20 s, ...).
RETRY_MAIL = {
    "autoretry_for": (SMTPException, OSError),
    "retry_backoff": 10,
    "retry_jitter": True,
    "max_retries": 6,
}


@shared_task(**RETRY_MAIL)
def send_password_reset_email(user_id: int, base_url: str) -> int:
    """E-mail a password reset link in the user's language; returns the number sent."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.has_usable_password():
        return 0
    with translation.override(user.language):
        link = base_url + reverse(
            "accounts:password_reset_confirm",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
        context = {"user": user, "link": link}
        subject = render_to_string("accounts/email/password_reset_subject.txt", context)
        message = EmailMultiAlternatives(
            subject=" ".join(subject.split()),
            body=render_to_string("accounts/email/password_reset.txt", context),
            to=[user.email],
        )
        message.attach_alternative(
            render_to_string("accounts/email/password_reset.html", context), "text/html"
        )
    return message.send()


@shared_task(**RETRY_MAIL)
def send_verification_email(user_id: int, base_url: str) -> int:
    """E-mail a link that confirms the address, in the user's language; returns the number sent.

    Sends nothing to a user who is gone, inactive or already confirmed, so a late or
    repeated delivery of the message is harmless. The link is made here, for the address
    the user has now.
    """
    user = User.objects.filter(pk=user_id, is_active=True, email_verified_at__isnull=True).first()
    if user is None:
        return 0
    with translation.override(user.language):
        link = base_url + reverse(
            "accounts:verify_email", kwargs={"token": email_verification_token(user)}
        )
        context = {"user": user, "link": link, "LANGUAGE_CODE": user.language}
        subject = render_to_string("accounts/email/verify_email_subject.txt", context)
        message = EmailMultiAlternatives(
            subject=" ".join(subject.split()),
            body=render_to_string("accounts/email/verify_email.txt", context),
            to=[user.email],
        )
        message.attach_alternative(
            render_to_string("accounts/email/verify_email.html", context), "text/html"
        )
    return message.send()
