"""A case stores the business days it took to be answered and decided, as they happen:
the program results take their medians from them."""

import datetime

import pytest
import time_machine

from cases import services
from cases.models import Case, CaseState
from tests.cases.workflow_world import SEOUL, case_in, valid_data
from tests.factories import ProgramFactory

pytestmark = pytest.mark.django_db


def at(month, day):
    return time_machine.travel(datetime.datetime(2026, month, day, 10, tzinfo=SEOUL), tick=False)


def test_the_days_to_first_response_and_to_decision_are_stored_when_they_happen(world):
    program = ProgramFactory(
        code="days",
        required_documents=[world.business_plan],
        opens_at=datetime.datetime(2026, 1, 1, tzinfo=SEOUL),
        closes_at=datetime.datetime(2027, 1, 1, tzinfo=SEOUL),
    )
    with at(9, 21):  # Monday
        case = case_in(world, CaseState.DRAFT, program=program)
        case = services.transition(case=case, action="submit", by=world.applicant)
    with at(9, 30):
        case = services.transition(case=case, action="take", by=world.officer)
    # 22, 23, 28, 29 and 30 September: Chuseok (24 and 25) and the weekend do not count.
    stored = Case.objects.values_list("first_response_days", "decision_days").get(pk=case.pk)
    assert stored == (5, None)
    with at(10, 2):
        data = valid_data(world, case, "recommend")
        case = services.transition(case=case, action="recommend", by=world.officer, **data)
    with at(10, 6):
        services.transition(case=case, action="approve", by=world.lead, amount=25_000_000)
    # Then 1 and 2 October and Tuesday the 6th: 5 October replaces the 3rd, a Saturday.
    stored = Case.objects.values_list("first_response_days", "decision_days").get(pk=case.pk)
    assert stored == (5, 8)
