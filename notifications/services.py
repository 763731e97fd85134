"""notify(): what the rest of the code calls to tell people something.

The rows are written in the caller's transaction, so an event rolled back notifies nobody;
the e-mails are enqueued only after commit, and publishing never raises into the caller
(a broker that is down delays the e-mail until the sweep; it never fails nor slows the
request: accounts.broker).
"""

import logging
from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from accounts.broker import chunks, publish_each
from accounts.mail import BATCH
from notifications.kinds import KINDS
from notifications.models import Channel, EmailStatus, Notification, Preference

logger = logging.getLogger(__name__)

EMAIL_FOR_CHANNEL = {
    Channel.IN_APP: EmailStatus.NONE,
    Channel.EMAIL: EmailStatus.PENDING,
    Channel.DIGEST: EmailStatus.DIGEST,
}


def _text(value) -> str:
    """A context value as text in the active language; a list becomes one line per item."""
    if isinstance(value, list | tuple):
        return "\n".join(f"- {item}" for item in value)
    return str(value)


def render(kind_code: str, context: dict, language: str) -> tuple[str, str]:
    kind = KINDS[kind_code]
    with translation.override(language):
        values = {key: _text(value) for key, value in context.items()}
        return str(kind.subject) % values, str(kind.body) % values


def notify(recipients, kind: str, context: dict, link: str = "", *, dedupe_key: str = ""):
    """Notify each recipient (users) of an event of `kind`, in their own language.

    `context` holds the values the kind's texts name (lazy translations are rendered in each
    recipient's language); `link` is the path of the page to open. With a `dedupe_key`, a
    recipient who already has a notification with that key gets no second one (what
    scheduled jobs use to run twice without sending twice). Returns the new notifications.
    """
    if kind not in KINDS:
        raise ValueError(f"Unknown notification kind: {kind}")
    users = list({user.pk: user for user in recipients if user is not None}.values())
    if not users:
        return []
    if dedupe_key:
        already = set(
            Notification.objects.filter(dedupe_key=dedupe_key, recipient__in=users).values_list(
                "recipient_id", flat=True
            )
        )
        users = [user for user in users if user.pk not in already]
    channels = dict(
        Preference.objects.filter(user__in=users, kind=kind).values_list("user_id", "channel")
    )
    now = timezone.now()
    rendered: dict[str, tuple[str, str]] = {}
    rows = []
    for user in users:
        language = user.language or settings.LANGUAGE_CODE
        if language not in rendered:
            rendered[language] = render(kind, context, language)
        subject, body = rendered[language]
        channel = channels.get(user.pk, KINDS[kind].default)
        rows.append(
            Notification(
                recipient=user,
                kind=kind,
                subject=subject[:300],
                body=body,
                link=link,
                created_at=now,
                email=EMAIL_FOR_CHANNEL[channel],
                dedupe_key=dedupe_key,
            )
        )
    try:
        with transaction.atomic():
            created = Notification.objects.bulk_create(rows, batch_size=1000)
    except IntegrityError:
        # The same job ran at the same moment elsewhere: keep the rows that are new.
        created = []
        for row in rows:
            try:
                with transaction.atomic():
                    row.save()
                created.append(row)
            except IntegrityError:
                continue
    pending = [n.pk for n in created if n.email == EmailStatus.PENDING]
    if pending:
        transaction.on_commit(partial(publish, pending))
    return created


def publish(ids) -> int:
    """Enqueue the delivery of these notifications' e-mails; returns how many were enqueued.

    Never raises and never holds the request: with the broker down (or just found down by
    this process), the rows stay pending and the sweep enqueues them once it is back.
    """
    from notifications.tasks import deliver

    batches = chunks(ids, BATCH)
    done = publish_each(deliver, batches, what=f"{sum(len(b[0]) for b in batches)} e-mail(s)")
    return sum(len(batch[0]) for batch in batches[:done])


def mark_read(user, notification_id=None) -> int:
    rows = Notification.objects.for_user(user).unread()
    if notification_id is not None:
        rows = rows.filter(pk=notification_id)
    return rows.update(read_at=timezone.now())
