"""What people get when something happens: a notification in the app and the bell, and an
e-mail sent once, in their language, as they chose; nothing for an event that was rolled back,
and nothing lost when the mail server or the broker is down."""

import datetime
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from kombu.exceptions import OperationalError

from applicants import services as applicants_services
from cases import notices, services, sla
from cases.models import CaseState, RejectionReason
from centers.models import TradeOfficial
from config.celery import app as celery_app
from notifications.models import EmailStatus, Notification, Preference
from notifications.services import notify
from notifications.tasks import MAX_ATTEMPTS, deliver, send_digests, sweep
from tests.factories import CaseFactory, UserFactory
from tests.notifications.events import answer_due, case_in_review, request_information


@pytest.fixture(autouse=True)
def english_pages(client):
    client.cookies["django_language"] = "en"


@pytest.fixture
def retries_run_at_once():
    """As on a worker, a task's retry runs again (here at once) instead of being raised."""
    propagates = celery_app.conf.task_eager_propagates
    celery_app.conf.task_eager_propagates = False
    yield
    celery_app.conf.task_eager_propagates = propagates


def speaks_english(user):
    user.language = "en"
    user.save(update_fields=["language"])
    return user


class DisconnectedBackend(BaseEmailBackend):
    """A mail server that hangs up on every message."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


def test_an_event_shows_in_the_list_and_the_bell_and_is_emailed_once(
    client, settings, applicant, official, django_capture_on_commit_callbacks
):
    speaks_english(applicant)
    case = case_in_review(applicant, official)

    with django_capture_on_commit_callbacks(execute=True):
        request_information(case, official)

    subject = f"Information needed for {case.reference} by {answer_due()}"
    client.force_login(applicant)
    page = client.get(reverse("notifications:list")).content.decode()
    assert subject in page
    assert "Who buys the cells?" in page
    assert "1 unread notification" in page
    [message] = mail.outbox
    assert message.to == [applicant.email]
    assert message.subject == subject
    assert "Who buys the cells?" in message.body
    assert f"{settings.SITE_URL}{reverse('portal:answer', args=[case.pk])}" in message.body


def test_a_korean_user_gets_the_email_in_korean(
    applicant, official, django_capture_on_commit_callbacks
):
    case = case_in_review(applicant, official)

    with django_capture_on_commit_callbacks(execute=True):
        request_information(case, official)

    [message] = mail.outbox
    with translation.override("ko"):
        korean_subject = translation.gettext("Information needed for %(reference)s by %(due)s")
    assert message.subject == korean_subject % {"reference": case.reference, "due": answer_due()}
    assert message.body.startswith("이정호 님, 안녕하십니까.")
    html, _ = message.alternatives[0]
    assert '<html lang="ko">' in html
    assert "중국 수출지원 데스크" in html


def test_the_email_speaks_the_recipients_language_not_the_actors(
    applicant, official, django_capture_on_commit_callbacks
):
    case = case_in_review(applicant, official)

    # The official works in English; the company reads Korean.
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        request_information(case, official, items=[{"kind": "field", "field": "target_city"}])

    [message] = mail.outbox
    assert "- 진출 대상 도시" in message.body
    assert "Target city" not in message.body


def test_an_assignment_names_the_company_and_program_in_the_assignees_language(
    lead, beijing_official, beijing, applicant, django_capture_on_commit_callbacks
):
    assignee = speaks_english(beijing_official)
    case = CaseFactory(
        company=applicant.company_memberships.get().company,
        state=CaseState.SUBMITTED,
        reference="NTF-2026-900001",
        center=beijing,
        submitted_at=timezone.now(),
        amount_requested=50_000_000,
        first_response_due=sla.add_business_days(sla.today(), 3),
        decision_due=sla.add_business_days(sla.today(), 20),
    )

    # The lead works in Korean.
    with translation.override("ko"), django_capture_on_commit_callbacks(execute=True):
        services.transition(
            case=case,
            action="assign",
            by=lead,
            assignee=TradeOfficial.objects.get(user=assignee),
        )

    [message] = mail.outbox
    assert message.to == [assignee.email]
    assert message.subject == f"Case {case.reference} is assigned to you"
    assert "Hanbit Battery Co., Ltd." in message.body
    assert case.program.name_en in message.body
    assert case.program.name_ko not in message.body


def test_a_decision_gives_its_reasons_in_the_companys_language(
    applicant, beijing_official, lead, django_capture_on_commit_callbacks
):
    speaks_english(applicant)
    case = case_in_review(applicant, beijing_official)

    # The lead decides in Korean.
    with translation.override("ko"), django_capture_on_commit_callbacks(execute=True):
        services.transition(
            case=case,
            action="reject",
            by=lead,
            reasons=[RejectionReason.NOT_VIABLE],
            explanation="No buyer named.",
        )

    [message] = mail.outbox
    assert message.subject == f"Decision on {case.reference}: not approved"
    assert "The export plan is not viable as presented" in message.body
    assert case.program.name_en in message.body


def test_a_join_request_names_the_company_in_the_owners_language(
    applicant, django_capture_on_commit_callbacks
):
    speaks_english(applicant)
    company = applicant.company_memberships.get().company
    asker = UserFactory(email="asker@hanbit.example.com", full_name="박지훈")

    # The person asking works in Korean.
    with translation.override("ko"), django_capture_on_commit_callbacks(execute=True):
        applicants_services.join_request_send(
            company=company, by=asker, message="수출팀입니다.", base_url="http://testserver"
        )

    [message] = mail.outbox
    assert message.subject == "박지훈 asks to join Hanbit Battery Co., Ltd."


def test_in_the_app_only_sends_no_email(applicant, official, django_capture_on_commit_callbacks):
    Preference.objects.create(user=applicant, kind="info_requested", channel="in_app")
    case = case_in_review(applicant, official)

    with django_capture_on_commit_callbacks(execute=True):
        request_information(case, official)

    assert Notification.objects.get(recipient=applicant).email == EmailStatus.NONE
    assert mail.outbox == []


def test_the_digest_sends_nothing_at_once_then_one_email_listing_both_and_never_again(
    applicant, official, django_capture_on_commit_callbacks
):
    speaks_english(applicant)
    Preference.objects.create(user=applicant, kind="info_requested", channel="digest")
    first, second = case_in_review(applicant, official), case_in_review(applicant, official)

    with django_capture_on_commit_callbacks(execute=True):
        request_information(first, official)
        request_information(second, official)
    assert mail.outbox == []

    assert send_digests.apply().get() == 1
    assert send_digests.apply().get() == 0

    [digest] = mail.outbox
    assert digest.to == [applicant.email]
    assert digest.subject == "Your daily digest: 2 notifications"
    assert first.reference in digest.body and second.reference in digest.body
    assert set(Notification.objects.values_list("email", flat=True)) == {EmailStatus.SENT}


def test_an_event_rolled_back_notifies_nobody(
    applicant, official, django_capture_on_commit_callbacks
):
    case = case_in_review(applicant, official)

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        request_information(case, official)
        raise RuntimeError("The official's page failed after the request was written")

    assert callbacks == []
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_the_email_goes_out_after_commit_only(
    applicant, official, django_capture_on_commit_callbacks
):
    case = case_in_review(applicant, official)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        request_information(case, official)
    assert mail.outbox == []

    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1


def test_the_same_delivery_run_twice_sends_one_email(applicant, official):
    request_information(case_in_review(applicant, official), official)  # not committed: no task
    notification = Notification.objects.get(recipient=applicant)

    assert deliver.apply(args=[[notification.pk]]).get() == 1
    assert deliver.apply(args=[[notification.pk]]).get() == 0

    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert notification.email == EmailStatus.SENT
    assert notification.email_sent_at is not None


def test_a_dedupe_key_makes_a_second_notify_a_no_op(applicant):
    context = {"reference": "NTF-2026-000042", "due": answer_due()}

    first = notify([applicant], "info_due_soon", context, "/cases/42/", dedupe_key="due:42")
    again = notify([applicant], "info_due_soon", context, "/cases/42/", dedupe_key="due:42")

    assert len(first) == 1
    assert again == []
    assert Notification.objects.filter(recipient=applicant).count() == 1


def test_deadline_reminders_run_twice_the_same_day_notify_once(
    applicant, official, django_capture_on_commit_callbacks
):
    speaks_english(official)
    case = case_in_review(applicant, official, sla_due=sla.today())

    with django_capture_on_commit_callbacks(execute=True):
        notices.remind_deadlines()
        notices.remind_deadlines()

    [reminder] = Notification.objects.filter(recipient=official)
    assert reminder.kind == "sla_due_soon"
    assert reminder.subject == f"Case {case.reference} is due {sla.today()}"
    assert [message.to for message in mail.outbox] == [[official.email]]


def test_a_mail_server_that_hangs_up_ends_in_failed_with_the_error_for_the_administrator(
    client,
    settings,
    retries_run_at_once,
    applicant,
    official,
    administrator,
    django_capture_on_commit_callbacks,
):
    settings.EMAIL_BACKEND = f"{__name__}.DisconnectedBackend"
    case = case_in_review(applicant, official)

    with django_capture_on_commit_callbacks(execute=True):
        request_information(case, official)

    notification = Notification.objects.get(recipient=applicant)
    assert notification.email == EmailStatus.FAILED
    assert notification.email_attempts == MAX_ATTEMPTS
    assert notification.email_error == "Connection unexpectedly closed"
    assert notification.email_sent_at is None
    client.force_login(administrator)
    changelist = client.get(reverse("admin:notifications_notification_changelist"))
    assert '<td class="field-email">Failed</td>' in changelist.content.decode()
    detail = client.get(reverse("admin:notifications_notification_change", args=[notification.pk]))
    assert "Connection unexpectedly closed" in detail.content.decode()


def test_with_the_broker_down_the_page_works_and_the_sweep_sends_the_email_later(
    client, monkeypatch, caplog, applicant, official, django_capture_on_commit_callbacks
):
    case = case_in_review(applicant, official)
    client.force_login(official)

    with monkeypatch.context() as broker_down:
        broker_down.setattr(
            deliver, "apply_async", _raise(OperationalError("Error 111 connecting to redis"))
        )
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("desk:act", args=[case.pk, "request_info"]),
                {
                    "version": case.version,
                    "questions": "Who buys the cells?",
                    "message": "The plan leaves out the buyer.",
                    "due_on": answer_due().isoformat(),
                },
            )

    assert response.status_code == 302
    assert response.url == reverse("desk:case", args=[case.pk])
    assert "the sweep will retry" in caplog.text
    notification = Notification.objects.get(recipient=applicant)
    assert notification.email == EmailStatus.PENDING
    assert mail.outbox == []

    assert sweep.apply().get() == 0  # just written: its task may still be on its way
    Notification.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=3))
    assert sweep.apply().get() == 1

    notification.refresh_from_db()
    assert notification.email == EmailStatus.SENT
    assert [message.to for message in mail.outbox] == [[applicant.email]]


def _raise(error):
    def apply_async(*args, **kwargs):
        raise error

    return apply_async
