"""The writes of the accounts app: signing up, staff accounts, confirming an e-mail address,
asking for a new password. Their e-mails are rows of the outbox, written in the same
transaction."""

import secrets
from datetime import timedelta
from enum import StrEnum

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from accounts import emails
from accounts.models import User
from accounts.outbox import email_queue, email_queue_within_limit
from accounts.roles import Role
from accounts.tokens import read_email_verification_token

VERIFICATION_EMAIL_INTERVAL = timedelta(seconds=60)


class EmailAlreadyRegistered(Exception):
    """Another account uses this address (whatever its case)."""


def user_sign_up(
    *, email: str, full_name: str, password: str, language: str, base_url: str
) -> User | None:
    """Create a company member's account and mail them the link that confirms the address;
    returns the new user.

    When an account has the address already, nothing is created: its owner is mailed that
    someone tried (at most ACCOUNT_EMAILS_PER_HOUR times an hour), and None is returned. The
    caller answers the same either way, so the sign-up page tells nobody who has an account.
    """
    email = User.objects.normalize_email(email).lower()
    existing = User.objects.filter(email__iexact=email).first()
    if existing is None:
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
            return user
        except IntegrityError:
            # Two sign-ups for one address raced; the constraint on lower(email) decided.
            existing = User.objects.filter(email__iexact=email).first()
    # As slow as creating an account, so the time the page takes tells nothing either.
    make_password(password)
    if existing is not None:
        with transaction.atomic():
            locked = User.objects.select_for_update().get(pk=existing.pk)
            email_queue_within_limit(
                kind=emails.ACCOUNT_EXISTS,
                to=locked.email,
                language=locked.language,
                context={"user": locked.pk, "base_url": base_url},
            )
    return None


def _verification_email(user: User, base_url: str):
    """Queue the link that confirms the address (None if the hour's limit is reached); the
    caller holds the user's row, or has just created it."""
    return email_queue_within_limit(
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


class Resend(StrEnum):
    SENT = "sent"
    TOO_SOON = "too_soon"  # one went out less than a minute ago
    TOO_MANY = "too_many"  # ACCOUNT_EMAILS_PER_HOUR went out in the last hour


def verification_email_resend(*, user: User, base_url: str) -> Resend:
    """Mail a new confirmation link unless one went out in the last minute, or the hour's
    share of them is used up.

    The minute is a timestamp on the user's row rather than a cache entry: no shared cache
    is configured (each process would have its own LocMemCache, so every gunicorn worker
    would allow its own mail), and a conditional UPDATE claims the minute atomically, so two
    quick clicks or two tabs send one mail. The row is locked first, so that the hourly count
    is not read by two requests at once.
    """
    now = timezone.now()
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()
        claimed = (
            User.objects.filter(pk=user.pk, is_active=True, email_verified_at__isnull=True)
            .filter(
                Q(verification_email_sent_at__isnull=True)
                | Q(verification_email_sent_at__lte=now - VERIFICATION_EMAIL_INTERVAL)
            )
            .update(verification_email_sent_at=now)
        )
        if not claimed:
            return Resend.TOO_SOON
        if _verification_email(user, base_url) is None:
            # The minute claimed above is given back with the rollback.
            transaction.set_rollback(True)
            return Resend.TOO_MANY
    return Resend.SENT


def password_reset_request(*, email: str, base_url: str) -> int:
    """Mail a link to set a new password to the active account with this address, if there
    is one that has a password, and if that address has not had ACCOUNT_EMAILS_PER_HOUR of
    them in the last hour; returns the number of e-mails queued (0 or 1).

    The caller's page says the same either way, so nobody learns who has an account.
    """
    queued = 0
    with transaction.atomic():
        # Locked, so that two requests at once count the hour's e-mails one after the other.
        users = User.objects.select_for_update().filter(email__iexact=email.strip(), is_active=True)
        for user in users:
            if not user.has_usable_password():
                continue
            queued += bool(
                email_queue_within_limit(
                    kind=emails.PASSWORD_RESET,
                    to=user.email,
                    language=user.language,
                    context={"user": user.pk, "base_url": base_url},
                )
            )
    return queued


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
