"""The daily check at the end of the obligation period: it opens the check once, computes
any shortfall with the program's rule and tells the company and the official."""

import datetime

import pytest
import time_machine

from notifications.models import Notification
from reshoring import services, tasks
from reshoring.models import Recovery, RelocationPlan, Tranche
from reshoring.services import obligation_check_due
from tests.reshoring.test_recovery import PAID
from tests.reshoring.test_schedule_and_payments import PAID_ON, verified

SEOUL = datetime.timezone(datetime.timedelta(hours=9))
# Production starts on 1 March 2028; the program's obligation period is five years.
ENDS = datetime.date(2033, 3, 1)


def morning(day):
    return time_machine.travel(
        datetime.datetime.combine(day, datetime.time(6, 0), tzinfo=SEOUL), tick=False
    )


@pytest.fixture
def paid(scheduled, official, applicant):
    for kind in ("plan", "site", "wind_down"):
        verified(scheduled, kind, company_user=applicant, official=official)
        services.payment_record(
            tranche=Tranche.objects.get(milestone__kind=kind), by=official, paid_on=PAID_ON
        )
    return scheduled


def run_daily(day, django_capture_on_commit_callbacks):
    with morning(day), django_capture_on_commit_callbacks(execute=True):
        return tasks.check_obligations()


def test_nothing_is_checked_before_the_period_ends(paid, django_capture_on_commit_callbacks):
    assert RelocationPlan.objects.get(case=paid).obligation_ends_on == ENDS

    assert run_daily(ENDS - datetime.timedelta(days=1), django_capture_on_commit_callbacks) == 0
    assert not Recovery.objects.exists()
    assert not Notification.objects.filter(kind__startswith="obligations").exists()


def test_a_shortfall_opens_the_recovery_once_and_tells_both(
    paid, official, mailoutbox, django_capture_on_commit_callbacks
):
    # The employment target was never evidenced: no jobs count, all that was paid returns.
    assert run_daily(ENDS, django_capture_on_commit_callbacks) == 1
    assert run_daily(ENDS + datetime.timedelta(days=1), django_capture_on_commit_callbacks) == 0

    recovery = Recovery.objects.get()
    assert (recovery.cause, recovery.amount, recovery.opened_by) == ("check", PAID, official)
    company = Notification.objects.get(kind="recovery_opened")
    assert company.recipient.email == "owner@hanbit.example.com"
    to_official = Notification.objects.get(kind="obligations_checked")
    assert to_official.recipient == official
    # The official reads Korean.
    assert "지급된 4,500,000,000원 중 4,500,000,000원을 반환" in to_official.body
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [official.email, "owner@hanbit.example.com"]
    )
    # Run again by hand (a retried task): still one recovery, no second notice.
    with morning(ENDS):
        assert obligation_check_due(case_pk=paid.pk, today=ENDS) is None
    assert Recovery.objects.count() == 1
    assert Notification.objects.filter(kind="obligations_checked").count() == 1


def test_met_obligations_open_nothing_and_say_so(
    paid, official, applicant, django_capture_on_commit_callbacks
):
    verified(paid, "jobs", company_user=applicant, official=official)

    assert run_daily(ENDS + datetime.timedelta(days=3), django_capture_on_commit_callbacks) == 1

    assert not Recovery.objects.exists()
    assert paid.events.last().action == "check"
    assert Notification.objects.get(kind="obligations_met").recipient == applicant
    assert "지급된 4,500,000,000원 중 0원을 반환" in (
        Notification.objects.get(kind="obligations_checked").body
    )
    assert run_daily(ENDS + datetime.timedelta(days=4), django_capture_on_commit_callbacks) == 0
