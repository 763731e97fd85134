"""Late milestones: the company is reminded a week before, the official told once it is
late, each once; the desk flags the late milestone."""

import datetime

import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import translation

from notifications.models import Notification
from reshoring.models import Milestone
from reshoring.tasks import remind_milestones


def due_in(case, kind, days, today):
    Milestone.objects.filter(case=case, kind=kind).update(
        due_on=today + datetime.timedelta(days=days)
    )


@time_machine.travel(datetime.datetime(2027, 5, 3, 9, 0, tzinfo=datetime.UTC))
def test_the_company_is_reminded_before_and_the_official_told_after_once_each(
    scheduled, applicant, official, django_capture_on_commit_callbacks
):
    today = datetime.date(2027, 5, 3)
    Milestone.objects.filter(case=scheduled).update(due_on=today + datetime.timedelta(days=60))
    due_in(scheduled, "site", 5, today)
    due_in(scheduled, "plan", -2, today)

    # Whatever language the caller works in, each reads their notice in their own.
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        remind_milestones.delay()
        remind_milestones.delay()

    reminder = Notification.objects.get(kind="milestone_due_soon")
    late = Notification.objects.get(kind="milestone_late")
    assert (reminder.recipient, late.recipient) == (applicant, official)
    assert "국내 부지 확보" in reminder.subject  # Site secured in Korea, in their language
    assert "계획 확정" in late.subject  # Plan confirmed
    sent = {(m.to[0], m.subject) for m in mail.outbox}
    assert (applicant.email, reminder.subject) in sent
    assert (official.email, late.subject) in sent


@time_machine.travel(datetime.datetime(2027, 5, 3, 9, 0, tzinfo=datetime.UTC))
def test_a_verified_milestone_is_neither_reminded_nor_late(scheduled, official):
    """The company's first notification (the phase started) aside, nothing goes out."""
    today = datetime.date(2027, 5, 3)
    Milestone.objects.filter(case=scheduled).update(
        due_on=today - datetime.timedelta(days=1),
        state="verified",
        verified_by=official,
        verified_at=datetime.datetime(2027, 4, 1, tzinfo=datetime.UTC),
    )
    assert remind_milestones() == 0


@time_machine.travel(datetime.datetime(2027, 5, 3, 9, 0, tzinfo=datetime.UTC))
def test_the_desk_flags_a_late_milestone(client, scheduled, official):
    today = datetime.date(2027, 5, 3)
    Milestone.objects.filter(case=scheduled).update(due_on=today + datetime.timedelta(days=60))
    due_in(scheduled, "plan", -2, today)
    client.force_login(official)
    page = client.get(reverse("desk:case", args=[scheduled.pk])).content.decode()
    assert "1 milestone late" in page
    assert 'id="milestone-plan" class="table-warning"' in page


@time_machine.travel(datetime.datetime(2027, 5, 3, 9, 0, tzinfo=datetime.UTC))
def test_the_desk_queue_marks_the_case_whose_milestones_are_late(client, scheduled, official):
    today = datetime.date(2027, 5, 3)
    Milestone.objects.filter(case=scheduled).update(due_on=today + datetime.timedelta(days=60))
    client.force_login(official)
    in_relocation = {"state": scheduled.state}

    row = _queue_row(client.get(reverse("desk:queue"), in_relocation), scheduled)
    assert "late" not in row

    due_in(scheduled, "plan", -2, today)
    due_in(scheduled, "site", -1, today)
    row = _queue_row(client.get(reverse("desk:queue"), in_relocation), scheduled)
    assert '<span class="badge text-bg-danger">2 milestones late</span>' in row

    Milestone.objects.filter(case=scheduled, kind="plan").update(
        state="verified", verified_by=official, verified_at=datetime.datetime.now(datetime.UTC)
    )
    row = _queue_row(client.get(reverse("desk:queue"), in_relocation), scheduled)
    assert '<span class="badge text-bg-danger">1 milestone late</span>' in row


def _queue_row(response, case) -> str:
    page = response.content.decode()
    start = page.index(f'<tr data-case="{case.reference}">')
    return page[start : page.index("</tr>", start)]
