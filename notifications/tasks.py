"""Delivery of notification e-mails, the sweep that makes sure none is lost, and digests.

A delivery task sends its batch through notifications.delivery: the rows are claimed in
bulk (pending -> sending), sent over one mail-server connection and marked in bulk, so a
task that runs twice (a redelivered message, the sweep, a retry) finds them sent, or
claimed by the run that is sending them, and skips them. At least once: the task is
acknowledged late (a killed pool process's message comes back), SMTP errors retry with
backoff, and the sweep re-enqueues what is still pending, or claimed by a run that died.
A resend carries the Message-ID of the first copy.
"""

import logging
from smtplib import SMTPException

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation

from accounts.mail import MAX_ATTEMPTS, SWEEP_AFTER, SWEEP_RETRY_AFTER, retry_countdown
from accounts.models import User
from notifications.delivery import CLAIM_TIMEOUT, build_message, render_parts, send_batch
from notifications.models import EmailStatus, Notification
from notifications.services import publish

logger = logging.getLogger(__name__)


# No result is kept: nobody reads it, and publishing then never touches the result backend
# (with Redis down, subscribing to a result is what made a request wait).
@shared_task(bind=True, max_retries=MAX_ATTEMPTS - 1, ignore_result=True)
def deliver(self, notification_ids: list[int]) -> int:
    """Send the pending e-mails of these notifications; returns how many were sent."""
    final = self.request.retries >= self.max_retries
    sent, failed, error, unsent = send_batch(notification_ids, final=final)
    if unsent:
        publish(unsent)
    if failed:
        logger.warning("E-mail of notification(s) %s failed: %s", failed, error)
        if not final:
            raise self.retry(
                args=[failed], countdown=retry_countdown(self.request.retries), exc=error
            )
    return sent


@shared_task(ignore_result=True)
def sweep(*, limit: int = 10_000) -> int:
    """Enqueue again the e-mails still pending a while after they were due, and those whose
    sender's claim ran out (a worker that died while sending).

    What a broker outage, a broker restart that forgot its queue, or a lost worker left
    behind is delivered within a minute instead of never. Beat runs it every SWEEP_EVERY
    seconds; the partial index notification_undelivered keeps it cheap however many rows
    were sent long ago.
    """
    now = timezone.now()
    due = Q(
        email=EmailStatus.PENDING,
        created_at__lt=now - SWEEP_AFTER,
    ) & (Q(email_tried_at__isnull=True) | Q(email_tried_at__lt=now - SWEEP_RETRY_AFTER))
    abandoned = Q(email=EmailStatus.SENDING, email_claimed_at__lt=now - CLAIM_TIMEOUT)
    ids = list(
        Notification.objects.filter(due | abandoned)
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )
    if ids:
        logger.info("The sweep enqueues %s pending e-mail(s) again", len(ids))
    return publish(ids)


@shared_task(bind=True, max_retries=MAX_ATTEMPTS - 1)
def send_digests(self) -> int:
    """The daily digest: one e-mail per person with what they chose to receive that way.

    Idempotent: the rows a digest lists are marked sent with it, so a second run the same
    morning finds nothing to send.
    """
    users = User.objects.filter(
        pk__in=Notification.objects.filter(email=EmailStatus.DIGEST).values("recipient")
    )
    sent = 0
    for user in users.iterator():
        try:
            sent += _send_digest(user)
        except (SMTPException, OSError) as exc:
            logger.warning("Digest for user %s failed: %s", user.pk, exc)
            raise self.retry(countdown=60 * 2**self.request.retries, exc=exc) from exc
    return sent


def _send_digest(user) -> int:
    with transaction.atomic():
        rows = list(
            Notification.objects.select_for_update(skip_locked=True)
            .filter(recipient=user, email=EmailStatus.DIGEST)
            .order_by("created_at", "pk")
        )
        if not rows:
            return 0
        language = user.language or settings.LANGUAGE_CODE
        with translation.override(language):
            subject = translation.ngettext(
                "Your daily digest: %(count)s notification",
                "Your daily digest: %(count)s notifications",
                len(rows),
            ) % {"count": len(rows)}
            text, html = render_parts(
                rows, language=language, template="digest", name=user.full_name or user.email
            )
        message = build_message(
            subject=subject,
            text=text,
            html=html,
            to=user.email,
            name=f"digest-{rows[0].pk}.{user.pk}",
        )
        message.send()
        Notification.objects.filter(pk__in=[row.pk for row in rows]).update(
            email=EmailStatus.SENT, email_sent_at=timezone.now()
        )
        return 1
