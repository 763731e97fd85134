"""The writes of the accounts app: signing up, staff accounts, confirming an e-mail address,
asking for a new password. Their e-mails are rows of the outbox, written in the same
transaction."""

import secrets
from datetime import timedelta

from django.contrib.auth.models import Group
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from accounts import emails
from accounts.models import User
from accounts.outbox import email_queue
from accounts.roles import Role
from accounts.tokens import read_email_verification_token

VERIFICATION_EMAIL_INTERVAL = timedelta(seconds=60)


class EmailAlreadyRegistered(Exception):
    """Another account uses this address (whatever its case)."""


def user_sign_up(
    *, email: str, full_name: str, password: str, language: str, base_url: str
) -> User:
    """Create a company member's account and mail them the link that confirms the address."""
    try:
        with transaction.atomic():
            user = User.objects.create_user(
                email,
                password,
                full_name=full_name,
                language=language,
                # The first mail counts towards the resend throttle.
                verification_email_sent_at=timezone.now(),
            )
            user.groups.add(Group.objects.get(name=Role.COMPANY_MEMBER.value))
            _verification_email(user, base_url)
    except IntegrityError as error:
        # The form checked, but two sign-ups for one address can race; the constraint on
        # lower(email) decides.
        raise EmailAlreadyRegistered(email) from error
    return user


def _verification_email(user: User, base_url: str) -> None:
    email_queue(
        kind=emails.VERIFY_EMAIL,
        to=user.email,
        language=user.language,
        context={"user": user.pk, "base_url": base_url},
    )


def staff_account_create(
    *, email: str, full_name: str, language: str, role: Role, base_url: str
) -> User:
    """An account that an administrator opens for a colleague, with `role`; the colleague
    is mailed a link to choose their password once the caller's transaction commits.

    Raises EmailAlreadyRegistered if another account has the address, whatever its case.
    """
    email = User.objects.normalize_email(email).lower()
    if User.objects.filter(email__iexact=email).exists():
        raise EmailAlreadyRegistered(email)
    try:
        with transaction.atomic():
            # A password nobody knows, but a usable one: the link that sets the real one is
            # the password-reset link, which Django offers to usable passwords only.
            user = User.objects.create_user(
                email, secrets.token_urlsafe(32), full_name=full_name, language=language
            )
            user.groups.add(Group.objects.get(name=role.value))
            email_queue(
                kind=emails.WELCOME,
                to=user.email,
                language=user.language,
                context={"user": user.pk, "base_url": base_url},
            )
    except IntegrityError as error:
        raise EmailAlreadyRegistered(email) from error
    return user


def verification_email_resend(*, user: User, base_url: str) -> bool:
    """Mail a new confirmation link unless one went out in the last minute; False if refused.

    The throttle is a timestamp on the user's row rather than a cache entry: no shared
    cache is configured (each process would have its own LocMemCache, so every gunicorn
    worker would allow its own mail), and a conditional UPDATE claims the minute atomically,
    so two quick clicks or two tabs send one mail.
    """
    now = timezone.now()
    with transaction.atomic():
        claimed = (
            User.objects.filter(pk=user.pk, is_active=True, email_verified_at__isnull=True)
            .filter(
                Q(verification_email_sent_at__isnull=True)
                | Q(verification_email_sent_at__lte=now - VERIFICATION_EMAIL_INTERVAL)
            )
            .update(verification_email_sent_at=now)
        )
        if claimed:
            _verification_email(user, base_url)
    return bool(claimed)


def password_reset_request(*, email: str, base_url: str) -> int:
    """Mail a link to set a new password to the active account with this address, if there
    is one that has a password; returns the number of e-mails queued (0 or 1).

    The caller's page says the same either way, so nobody learns who has an account.
    """
    with transaction.atomic():
        users = [
            user
            for user in User.objects.filter(email__iexact=email.strip(), is_active=True)
            if user.has_usable_password()
        ]
        for user in users:
            email_queue(
                kind=emails.PASSWORD_RESET,
                to=user.email,
                language=user.language,
                context={"user": user.pk, "base_url": base_url},
            )
    return len(users)


def email_verify(*, token: str) -> int:
    """Mark the address in the token confirmed; returns the user's id.

    Opening the link again changes nothing. Raises signing.SignatureExpired for an expired
    link and signing.BadSignature for a tampered one or one sent to an address the user no
    longer has.
    """
    user_id, email = read_email_verification_token(token)
    account = User.objects.filter(pk=user_id, email=email, is_active=True)
    # Conditional, so the first confirmation time stays and two clicks cannot race.
    confirmed = account.filter(email_verified_at__isnull=True).update(
        email_verified_at=timezone.now()
    )
    if not confirmed and not account.exists():
        raise signing.BadSignature("The link is for an address the account no longer has.")
    return user_id
