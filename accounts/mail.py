"""E-mail as every task of ours sends it: one template set, the recipient's language,
an HTML part beside the plain text, and retries when the mail server hiccups."""

import logging
from smtplib import SMTPException

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

logger = logging.getLogger(__name__)

# For @shared_task: ask the mail server again, waiting longer each time (10 s, 20 s, ...).
RETRY_MAIL = {
    "autoretry_for": (SMTPException, OSError),
    "retry_backoff": 10,
    "retry_jitter": True,
    "max_retries": 6,
}


def send_templated_mail(template: str, context: dict, *, to: str, language: str) -> int:
    """Render `<template>_subject.txt`, `<template>.txt` and `<template>.html` in `language`
    and send them to `to`; returns the number of messages sent."""
    with translation.override(language):
        context = {**context, "LANGUAGE_CODE": language}
        subject = render_to_string(f"{template}_subject.txt", context)
        message = EmailMultiAlternatives(
            subject=" ".join(subject.split()),
            body=render_to_string(f"{template}.txt", context),
            to=[to],
        )
        message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    return message.send()


def enqueue(task, *args) -> bool:
    """Publish a task without ever raising into the request (for `transaction.on_commit`);
    False when the broker could not take it (logged). CELERY_BROKER_CONNECTION_TIMEOUT
    bounds the wait."""
    try:
        task.apply_async(args=args, retry=False)
    except Exception:
        logger.warning("Could not enqueue %s", task.name, exc_info=True)
        return False
    return True
