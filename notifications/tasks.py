"""Delivery of notification e-mails, the sweep that makes sure none is lost, and digests.

At most once per notification: each e-mail is sent with its row locked and still pending,
and marked sent in the same transaction, so a task that runs twice (a redelivered message,
the sweep, a retry) finds it sent, or locked by the run that is sending it, and skips it.
At least once: the task is acknowledged late (a killed worker's message comes back), SMTP
errors retry with backoff, and the sweep re-enqueues whatever is still pending.
"""

import logging
from smtplib import SMTPException

from celery import shared_task
from django.conf import settings
from django.core import mail
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from accounts.mail import (
    MAX_ATTEMPTS,
    SWEEP_AFTER,
    SWEEP_RETRY_AFTER,
    message_id,
    retry_countdown,
    send_each,
)
from accounts.models import User
from notifications.models import EmailStatus, Notification
from notifications.services import publish

logger = logging.getLogger(__name__)


def _absolute(link: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{link}" if link.startswith("/") else link


def _message(notifications, recipient, *, subject, template) -> mail.EmailMultiAlternatives:
    language = recipient.language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "notifications": [
                {"subject": n.subject, "body": n.body, "link": _absolute(n.link)}
                for n in notifications
            ],
            "recipient": recipient,
            "LANGUAGE_CODE": language,
            "preferences_link": _absolute("/notifications/preferences/"),
        }
        message = mail.EmailMultiAlternatives(
            subject=" ".join(str(subject).split()),
            body=render_to_string(f"notifications/email/{template}.txt", context),
            to=[recipient.email],
        )
        message.attach_alternative(
            render_to_string(f"notifications/email/{template}.html", context), "text/html"
        )
    # Stable per notification: a mail system that sees the same message twice can tell.
    message.extra_headers["Message-ID"] = message_id(
        f"{template}-{notifications[0].pk}.{recipient.pk}"
    )
    return message


def _send_one(pk: int, connection) -> int:
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(skip_locked=True)
            .select_related("recipient")
            .filter(pk=pk, email=EmailStatus.PENDING)
            .first()
        )
        if notification is None:  # sent already, or being sent by another run right now
            return 0
        message = _message(
            [notification],
            notification.recipient,
            subject=notification.subject,
            template="notification",
        )
        sent = connection.send_messages([message]) or 0
        notification.email = EmailStatus.SENT
        notification.email_sent_at = timezone.now()
        notification.email_error = ""
        notification.save(update_fields=["email", "email_sent_at", "email_error"])
        return sent


# No result is kept: nobody reads it, and publishing then never touches the result backend
# (with Redis down, subscribing to a result is what made a request wait).
@shared_task(bind=True, max_retries=MAX_ATTEMPTS - 1, ignore_result=True)
def deliver(self, notification_ids: list[int]) -> int:
    """Send the pending e-mails of these notifications; returns how many were sent."""
    sent, failed, error = send_each(notification_ids, _send_one)
    if failed:
        _failed_attempt(failed, error, final=self.request.retries >= self.max_retries)
        if self.request.retries < self.max_retries:
            raise self.retry(
                args=[failed], countdown=retry_countdown(self.request.retries), exc=error
            )
    return sent


def _failed_attempt(ids, error, *, final: bool) -> None:
    logger.warning("E-mail of notification(s) %s failed: %s", ids, error)
    changes = {
        "email_attempts": F("email_attempts") + 1,
        "email_error": str(error)[:500],
        "email_tried_at": timezone.now(),
    }
    if final:
        changes["email"] = EmailStatus.FAILED
    Notification.objects.filter(pk__in=ids, email=EmailStatus.PENDING).update(**changes)


@shared_task(ignore_result=True)
def sweep(*, limit: int = 10_000) -> int:
    """Enqueue again the e-mails still pending a while after they were due.

    What a broker outage, a broker restart that forgot its queue, or a lost worker left
    behind is delivered a few minutes late instead of never. Runs every minute.
    """
    now = timezone.now()
    ids = list(
        Notification.objects.filter(email=EmailStatus.PENDING, created_at__lt=now - SWEEP_AFTER)
        .filter(Q(email_tried_at__isnull=True) | Q(email_tried_at__lt=now - SWEEP_RETRY_AFTER))
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
        message = _message(rows, user, subject=subject, template="digest")
        message.send()
        Notification.objects.filter(pk__in=[row.pk for row in rows]).update(
            email=EmailStatus.SENT, email_sent_at=timezone.now()
        )
        return 1
