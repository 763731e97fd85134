"""The outbox of account e-mails: written in the caller's transaction, sent after commit,
swept when pending, never lost; at least once, and a resend is the same message.

It lives in accounts, the bottom layer, because the sign-up, the password reset and the
invitations of applicants all need it and accounts may import nothing of ours; the
notifications' outbox above shares its delivery helpers (accounts.mail).

Each e-mail is sent with its row locked and still pending, and marked sent in the same
transaction, so a task that runs twice (a redelivered message, the sweep, a retry) finds it
sent, or locked by the run that is sending it, and skips it. At least once: the task is
acknowledged late, SMTP errors retry with backoff, and the sweep re-enqueues whatever is
still pending. A worker killed after the mail server took the message but before the
commit sends it again, with the same Message-ID (from the row), which mail systems drop.

A row keeps ids and plain values only. Each kind of e-mail says how to make the template's
context from them at send time (`EmailKind.build`): the link and the security token in it
are made then, for the account as it is then, and never stored.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from accounts.broker import chunks, publish_each
from accounts.mail import BATCH, SWEEP_AFTER, SWEEP_RETRY_AFTER, message_id, templated_mail
from accounts.models import OutgoingEmail

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class EmailKind:
    code: str
    template: str  # `<template>_subject.txt`, `<template>.txt`, `<template>.html`
    # The template's context from the row, at send time; None when there is nothing to send
    # any more (the address confirmed meanwhile, the invitation accepted, ...).
    build: Callable[[OutgoingEmail], dict | None]


KINDS: dict[str, EmailKind] = {}


def register(*kinds: EmailKind) -> None:
    """Called by the app that sends the kind, when it is loaded (its AppConfig.ready)."""
    for kind in kinds:
        KINDS[kind.code] = kind


def email_queue(*, kind: str, to: str, language: str, context: dict) -> OutgoingEmail:
    """Write an e-mail to `to` in the caller's transaction; it is sent after commit.

    `context` holds ids and plain values (JSON), never a secret: `kind`'s build makes the
    rest when sending. An event rolled back sends nothing; a broker that is down at commit
    delays the e-mail until the sweep, and never fails the caller.
    """
    if kind not in KINDS:
        raise ValueError(f"Unknown kind of e-mail: {kind}")
    email = OutgoingEmail.objects.create(kind=kind, to=to, language=language, context=context)
    transaction.on_commit(partial(publish, [email.pk]))
    return email


def email_queue_within_limit(
    *, kind: str, to: str, language: str, context: dict
) -> OutgoingEmail | None:
    """email_queue, unless `to` was already sent ACCOUNT_EMAILS_PER_HOUR e-mails of this kind
    in the last hour (whatever became of them): then nothing, and None.

    Someone who asks for a password reset twenty times sends one inbox three e-mails an
    hour, not twenty. The caller holds a lock that makes requests for this address wait
    for each other (the account's row, select_for_update), or two at once could both count
    two and both send a third.
    """
    recent = OutgoingEmail.objects.filter(
        kind=kind, to=to, created_at__gte=timezone.now() - timedelta(hours=1)
    )
    if recent.count() >= settings.ACCOUNT_EMAILS_PER_HOUR:
        logger.info("Account e-mail %s to one address withheld: hourly limit reached", kind)
        return None
    return email_queue(kind=kind, to=to, language=language, context=context)


def publish(ids) -> int:
    """Enqueue the delivery of these e-mails; returns how many were enqueued.

    Never raises and never holds the request: with the broker down, the rows stay pending
    and the sweep enqueues them again once it is back (accounts.broker).
    """
    from accounts.tasks import deliver_email

    batches = chunks(ids, BATCH)
    what = f"{sum(len(b[0]) for b in batches)} account e-mail(s)"
    done = publish_each(deliver_email, batches, what=what)
    return sum(len(batch[0]) for batch in batches[:done])


def send_one(pk: int, connection) -> int:
    """Send one pending e-mail over `connection`; returns the number of messages sent."""
    with transaction.atomic():
        email = (
            OutgoingEmail.objects.select_for_update(skip_locked=True)
            .filter(pk=pk, status=OutgoingEmail.Status.PENDING)
            .first()
        )
        if email is None:  # sent already, or being sent by another run right now
            return 0
        kind = KINDS.get(email.kind)
        if kind is None:
            logger.warning("Account e-mail %s is of an unknown kind %r", email.pk, email.kind)
        context = kind.build(email) if kind is not None else None
        if context is None:
            email.status = OutgoingEmail.Status.DROPPED
            email.save(update_fields=["status"])
            return 0
        message = templated_mail(kind.template, context, to=email.to, language=email.language)
        email.message_id = message_id(f"email-{email.pk}")
        message.extra_headers["Message-ID"] = email.message_id
        sent = connection.send_messages([message]) or 0
        email.status = OutgoingEmail.Status.SENT
        email.sent_at = timezone.now()
        email.error = ""
        email.save(update_fields=["status", "sent_at", "error", "message_id"])
        return sent


def failed_attempt(ids, error, *, final: bool) -> None:
    logger.warning("Account e-mail(s) %s failed: %s", ids, error)
    changes = {
        "attempts": F("attempts") + 1,
        "error": str(error)[:500],
        "tried_at": timezone.now(),
    }
    if final:
        changes["status"] = OutgoingEmail.Status.FAILED
    OutgoingEmail.objects.filter(pk__in=ids, status=OutgoingEmail.Status.PENDING).update(**changes)


def sweep(*, limit: int = 10_000) -> int:
    """Enqueue again the e-mails still pending a while after they were due; returns how many.

    What a broker outage, a broker restart that forgot its queue, or a lost worker left
    behind goes out a few minutes late instead of never.
    """
    now = timezone.now()
    ids = list(
        OutgoingEmail.objects.filter(
            status=OutgoingEmail.Status.PENDING, created_at__lt=now - SWEEP_AFTER
        )
        .filter(Q(tried_at__isnull=True) | Q(tried_at__lt=now - SWEEP_RETRY_AFTER))
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )
    if ids:
        logger.info("The sweep enqueues %s pending account e-mail(s) again", len(ids))
    return publish(ids)
