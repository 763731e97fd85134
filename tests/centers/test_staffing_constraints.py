import datetime

import pytest
from django.db import IntegrityError

from centers.models import StaffAssignment, SupportCenter
from tests.factories import StaffAssignmentFactory, SupportCenterFactory


def test_an_official_has_at_most_one_current_assignment(official, beijing):
    with pytest.raises(IntegrityError):
        StaffAssignmentFactory(official=official.trade_official, center=beijing)


def test_an_ended_assignment_leaves_room_for_the_next(official, beijing):
    official.trade_official.assignments.update(ends_on=datetime.date.today())

    StaffAssignmentFactory(official=official.trade_official, center=beijing)

    assert SupportCenter.objects.staffed_by(official).get() == beijing
    assert official.trade_official.assignments.count() == 2


def test_an_assignment_cannot_end_before_it_starts(official):
    with pytest.raises(IntegrityError):
        StaffAssignment.objects.filter(official__user=official).update(
            starts_on=datetime.date(2025, 3, 1), ends_on=datetime.date(2025, 2, 28)
        )


def test_there_is_only_one_headquarters(beijing):
    with pytest.raises(IntegrityError):
        SupportCenterFactory(code="shanghai-hq", is_headquarters=True)
