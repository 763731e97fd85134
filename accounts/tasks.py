from celery import shared_task
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.mail import RETRY_MAIL, send_templated_mail
from accounts.models import User
from accounts.tokens import email_verification_token


@shared_task(**RETRY_MAIL)
def send_password_reset_email(user_id: int, base_url: str) -> int:
    """E-mail a password reset link in the user's language; returns the number sent."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.has_usable_password():
        return 0
    return send_templated_mail(
        "accounts/email/password_reset",
        {"user": user, "link": _password_link(user, base_url)},
        to=user.email,
        language=user.language,
    )


def _password_link(user: User, base_url: str) -> str:
    return base_url + reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )


@shared_task(**RETRY_MAIL)
def send_welcome_email(user_id: int, base_url: str) -> int:
    """E-mail a new staff account its link to choose a password, in the user's language.

    The link is the password-reset one: it works once, and once the password is chosen a
    late or repeated delivery carries a link that no longer works.
    """
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.has_usable_password():
        return 0
    return send_templated_mail(
        "accounts/email/welcome",
        {"user": user, "link": _password_link(user, base_url), "base_url": base_url},
        to=user.email,
        language=user.language,
    )


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
    link = base_url + reverse(
        "accounts:verify_email", kwargs={"token": email_verification_token(user)}
    )
    return send_templated_mail(
        "accounts/email/verify_email",
        {"user": user, "link": link},
        to=user.email,
        language=user.language,
    )
