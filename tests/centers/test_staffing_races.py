"""Races that only a real database settles: PostgreSQL, separate connections, threads."""

import threading

import pytest
from django.db import IntegrityError, connection

from centers.models import StaffAssignment
from tests.factories import SupportCenterFactory, TradeOfficialFactory


@pytest.mark.needs_postgres
@pytest.mark.django_db(transaction=True)
def test_two_administrators_assigning_one_official_at_once_leave_one_assignment():
    official = TradeOfficialFactory()
    centers = [SupportCenterFactory(code="east"), SupportCenterFactory(code="west")]
    start = threading.Barrier(len(centers))
    outcomes = []

    def assign(center):
        try:
            start.wait()
            StaffAssignment.objects.create(official=official, center=center)
            outcomes.append("assigned")
        except IntegrityError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=assign, args=(center,)) for center in centers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["assigned", "refused"]
    assert StaffAssignment.objects.current().filter(official=official).count() == 1
