"""Sending a batch of notification e-mails: claim the rows in bulk, render each text once
per language, send over one mail-server connection, mark the rows in bulk.

A claim is a conditional UPDATE (pending -> sending, stamped with the claim's moment) that
only one run can win for a row; the run then sends without holding any lock. The claim
lasts CLAIM_TIMEOUT: a run that is still sending when its claim nears its end stops, and
the rows it did not send go back to pending. So a row is sent at most once while its claim
holds, and a row whose sender died (a killed worker) is claimed again by the sweep once
the claim has run out. What the dead run had already handed to the mail server is then
sent a second time with the same Message-ID (derived from the row), which mail systems
use to drop the copy: delivery is at least once, and a resend is the same message.
"""

import datetime
import secrets
import time

from django.conf import settings
from django.core import mail
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import escape

from accounts.mail import message_id
from notifications.models import EmailStatus, Notification

# How long a claim holds. Far above what 50 e-mails take on a working mail server (a few
# seconds) and short enough that a dead worker's rows go out within a minute (the sweep
# runs every SWEEP_EVERY seconds and claims them again once this has passed).
CLAIM_TIMEOUT = datetime.timedelta(seconds=30)
# A run stops sending this long before its claim ends: the last message handed over must
# still be inside the claim, even on a slow connection (EMAIL_TIMEOUT bounds each one).
CLAIM_MARGIN = datetime.timedelta(seconds=10)
# Rendered once per batch with this in place of the recipient's name, which is put in
# afterwards: unguessable, so no text a user wrote can contain it.
_NAME = f"recipient-name-{secrets.token_hex(8)}"


def absolute(link: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{link}" if link.startswith("/") else link


def render_parts(notifications, *, language: str, template: str, name: str) -> tuple[str, str]:
    """The plain-text and HTML bodies of `template` listing `notifications`, in `language`,
    greeting `name` (inserted as given: the caller escapes it for HTML)."""
    with translation.override(language):
        context = {
            "notifications": [
                {"subject": n.subject, "body": n.body, "link": absolute(n.link)}
                for n in notifications
            ],
            "recipient": {"full_name": name, "email": name},
            "LANGUAGE_CODE": language,
            "preferences_link": absolute("/notifications/preferences/"),
        }
        return (
            render_to_string(f"notifications/email/{template}.txt", context),
            render_to_string(f"notifications/email/{template}.html", context),
        )


def build_message(*, subject, text, html, to, name) -> mail.EmailMultiAlternatives:
    message = mail.EmailMultiAlternatives(
        subject=" ".join(str(subject).split()), body=text, to=[to]
    )
    message.attach_alternative(html, "text/html")
    # Stable per notification: a mail system that sees the same message twice can tell.
    message.extra_headers["Message-ID"] = message_id(name)
    return message


class Renderer:
    """The e-mail of one notification; the texts are rendered once for each language and
    content (a broadcast's rows share theirs) and only the name changes."""

    def __init__(self):
        self._parts: dict[tuple, tuple[str, str]] = {}

    def message(self, notification) -> mail.EmailMultiAlternatives:
        recipient = notification.recipient
        language = recipient.language or settings.LANGUAGE_CODE
        key = (language, notification.subject, notification.body, notification.link)
        if key not in self._parts:
            self._parts[key] = render_parts(
                [notification], language=language, template="notification", name=_NAME
            )
        text, html = self._parts[key]
        name = recipient.full_name or recipient.email
        return build_message(
            subject=notification.subject,
            text=text.replace(_NAME, name),
            html=html.replace(_NAME, escape(name)),
            to=recipient.email,
            name=f"notification-{notification.pk}.{recipient.pk}",
        )


def claim(ids) -> tuple[datetime.datetime, list[Notification]]:
    """Claim the rows among `ids` that are pending, or whose claim ran out; (the claim's
    moment, the rows with their recipients). Rows another run holds are left to it."""
    now = timezone.now()
    claimable = Q(email=EmailStatus.PENDING) | Q(
        email=EmailStatus.SENDING, email_claimed_at__lt=now - CLAIM_TIMEOUT
    )
    with transaction.atomic():
        # skip_locked: two runs claiming the same rows at once do not wait for each other;
        # each row goes to one of them.
        rows = list(
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("recipient")
            .filter(claimable, pk__in=list(ids))
            .order_by("pk")
        )
        if rows:
            Notification.objects.filter(pk__in=[row.pk for row in rows]).update(
                email=EmailStatus.SENDING, email_claimed_at=now
            )
    return now, rows


def _ours(pks, claimed_at):
    return Notification.objects.filter(
        pk__in=pks, email=EmailStatus.SENDING, email_claimed_at=claimed_at
    )


def send_batch(ids, *, final: bool = False) -> tuple[int, list[int], Exception | None, list]:
    """Send the pending e-mails among `ids` over one connection; (sent, the ids that
    failed, the last error, the ids left unsent when the claim neared its end). The failed
    rows count an attempt and go back to pending for the caller's retry, or are marked
    failed on the `final` attempt; the unsent ones are pending again, untried."""
    claimed_at, rows = claim(ids)
    if not rows:
        return 0, [], None, []
    deadline = time.monotonic() + (CLAIM_TIMEOUT - CLAIM_MARGIN).total_seconds()
    renderer = Renderer()
    count, done, failed, error = 0, [], [], None
    connection = mail.get_connection()
    try:
        connection.open()
    except OSError as exc:  # SMTPException is an OSError
        failed, error = [row.pk for row in rows], exc
    else:
        try:
            for row in rows:
                if time.monotonic() > deadline:
                    break  # the rest go back to pending below: the claim must not run out
                try:
                    count += connection.send_messages([renderer.message(row)]) or 0
                except OSError as exc:
                    failed.append(row.pk)
                    error = exc
                else:
                    done.append(row.pk)
        finally:
            connection.close()
    now = timezone.now()
    _ours(done, claimed_at).update(
        email=EmailStatus.SENT, email_sent_at=now, email_error="", email_claimed_at=None
    )
    if failed:
        _ours(failed, claimed_at).update(
            email=EmailStatus.FAILED if final else EmailStatus.PENDING,
            email_claimed_at=None,
            email_attempts=F("email_attempts") + 1,
            email_error=str(error)[:500],
            email_tried_at=now,
        )
    handled = set(done) | set(failed)
    untouched = [row.pk for row in rows if row.pk not in handled]
    if untouched:
        _ours(untouched, claimed_at).update(email=EmailStatus.PENDING, email_claimed_at=None)
    return count, failed, error, untouched
