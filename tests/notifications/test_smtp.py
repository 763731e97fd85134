"""The e-mail as a mail server receives it: over real SMTP, from a real event."""

import email
import email.policy
import socket

import pytest
from aiosmtpd.controller import Controller
from django.urls import reverse

from tests.notifications.events import answer_due, case_in_review, request_information


class Mailbox:
    """An aiosmtpd handler that keeps every message it is given."""

    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on this machine, and the settings pointing at it."""
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = controller.hostname
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    yield mailbox
    controller.stop()


def test_an_information_request_arrives_by_smtp_with_both_parts_and_the_answer_link(
    smtp_server, settings, applicant, official, django_capture_on_commit_callbacks
):
    applicant.language = "en"
    applicant.save(update_fields=["language"])
    case = case_in_review(applicant, official)

    with django_capture_on_commit_callbacks(execute=True):
        request_information(case, official)

    [envelope] = smtp_server.envelopes
    assert envelope.rcpt_tos == [applicant.email]
    message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
    assert message["From"] == settings.DEFAULT_FROM_EMAIL
    assert message["To"] == applicant.email
    assert case.reference in message["Subject"]
    assert message["Message-ID"].startswith("<notification-")
    assert message.get_content_type() == "multipart/alternative"
    text = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    assert [part.get_content_type() for part in message.iter_parts()] == [
        "text/plain",
        "text/html",
    ]
    link = f"{settings.SITE_URL}{reverse('portal:answer', args=[case.pk])}"
    for part in (text, html):
        content = part.get_content()
        assert link in content
        assert "Who buys the cells?" in content
        assert str(answer_due()) in content
