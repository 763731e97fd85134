"""Twenty officials (or clicks) paying one tranche at once: PostgreSQL, one connection per
thread, all let go together."""

import datetime
import threading

import pytest
from django.db import connection
from django.utils import translation

from cases.errors import CaseError
from centers.models import StaffAssignment
from reshoring import services
from reshoring.models import Payment, Tranche
from tests.factories import StaffAssignmentFactory
from tests.reshoring.test_schedule_and_payments import verified


@pytest.mark.needs_postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_payments_of_one_tranche_at_once_leave_one(scheduled, official, applicant, shanghai):
    verified(scheduled, "site", company_user=applicant, official=official)
    tranche = Tranche.objects.get(milestone__kind="site")
    payers = [official] + [
        StaffAssignmentFactory(center=shanghai, role=StaffAssignment.Role.OFFICER).official.user
        for _ in range(19)
    ]
    start = threading.Barrier(len(payers))
    results = [None] * len(payers)

    def pay(index, by):
        try:
            with translation.override("en"):
                start.wait()
                results[index] = services.payment_record(
                    tranche=tranche, by=by, paid_on=datetime.date(2027, 4, 2)
                )
        except CaseError as error:
            results[index] = error.reasons
        finally:
            connection.close()

    threads = [threading.Thread(target=pay, args=pair) for pair in enumerate(payers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    payments = [r for r in results if isinstance(r, Payment)]
    refusals = [r for r in results if not isinstance(r, Payment)]
    assert len(payments) == 1
    assert refusals == [["This tranche is paid already."]] * 19
    assert Payment.objects.get().amount == 1_800_000_000
    assert scheduled.events.filter(action="pay").count() == 1
