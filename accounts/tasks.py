from celery import shared_task
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import User


@shared_task
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
