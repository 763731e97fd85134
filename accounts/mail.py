"""E-mail as every e-mail of ours is sent: one template set, the recipient's language, an HTML
part beside the plain text, a stable Message-ID, one mail-server connection per batch, and
the retry and sweep timings of the outboxes (account e-mails here, notifications above)."""

import datetime
import logging
from collections.abc import Callable, Iterable
from smtplib import SMTPException

from django.conf import settings
from django.core import mail
from django.template.loader import render_to_string
from django.utils import translation

from accounts.broker import publish_each

logger = logging.getLogger(__name__)

# Attempts at the mail server before an e-mail is marked failed (10 s, 20 s, 40 s, ... apart).
MAX_ATTEMPTS = 6
# The sweep leaves alone what was just created (its task is surely on its way) and what
# failed a moment ago (its retry is waiting for its backoff). 30 s plus the sweep's 15 s
# cadence (settings.SWEEP_EVERY): what a lost message left behind goes out within a minute.
SWEEP_AFTER = datetime.timedelta(seconds=30)
SWEEP_RETRY_AFTER = datetime.timedelta(minutes=15)
# E-mails per delivery task: one mail-server connection serves a batch.
BATCH = 50


def retry_countdown(retries: int) -> int:
    """Seconds before the next attempt: 10 s, 20 s, 40 s, ..."""
    return 10 * 2**retries


def message_id(name: str) -> str:
    """A Message-ID of ours for `name` (unique per e-mail and the same on every attempt)."""
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].rstrip(">") or "localhost"
    return f"<{name}@{domain}>"


def templated_mail(
    template: str, context: dict, *, to: str, language: str
) -> mail.EmailMultiAlternatives:
    """The message of `<template>_subject.txt`, `<template>.txt` and `<template>.html`,
    rendered in `language` for `to`."""
    with translation.override(language):
        context = {**context, "LANGUAGE_CODE": language}
        subject = render_to_string(f"{template}_subject.txt", context)
        message = mail.EmailMultiAlternatives(
            subject=" ".join(subject.split()),
            body=render_to_string(f"{template}.txt", context),
            to=[to],
        )
        message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    return message


def send_each(
    ids: Iterable[int], send_one: Callable[[int, object], int]
) -> tuple[int, list[int], Exception | None]:
    """Call `send_one(id, connection)` for each id over one mail-server connection.

    Returns (messages sent, the ids that failed, the last error): a mail server that cannot
    be reached fails them all, one that refuses a message fails that one.
    """
    sent, failed, error = 0, [], None
    connection = mail.get_connection()
    try:
        connection.open()
    except (SMTPException, OSError) as exc:
        return 0, list(ids), exc
    try:
        for pk in ids:
            try:
                sent += send_one(pk, connection)
            except (SMTPException, OSError) as exc:
                failed.append(pk)
                error = exc
    finally:
        connection.close()
    return sent, failed, error


def enqueue(task, *args) -> bool:
    """Publish a task without ever raising into the request nor waiting for a broker that
    does not answer (for `transaction.on_commit`); False when it was not published."""
    return publish_each(task, [list(args)], what=task.name) == 1
