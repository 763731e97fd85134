"""An approval above the program's four-eyes amount takes a fresh second factor: when the
session's last verification is older than 15 minutes, the desk asks for the code, keeps
what was entered, and approves once the code is right. The service refuses an approval
the page has not vouched for."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.errors import CaseError
from cases.models import Case, CaseState
from tests.factories import CaseFactory, ProgramFactory
from tests.second_factor import authenticator, code_now


@pytest.fixture
def client():
    return Client(headers={"accept-language": "en"})


@pytest.fixture
def proposed(beijing, beijing_official, lead):
    """60,000,000 won proposed by an officer at Beijing, above the 50,000,000 limit."""
    return CaseFactory(
        program=ProgramFactory(budget=1_000_000_000, four_eyes_above=50_000_000),
        state=CaseState.RECOMMENDED,
        reference="FIN-2026-000042",
        submitted_at=timezone.now(),
        center=beijing,
        amount_requested=60_000_000,
        recommended_outcome="approve",
        recommended_amount=60_000_000,
        recommended_by=beijing_official,
    )


def approve(client, case, **extra):
    return client.post(
        reverse("desk:act", args=[case.pk, "approve"]),
        {"version": case.version, "amount": 60_000_000, "conditions": "Report yearly.", **extra},
    )


def test_within_15_minutes_of_the_sign_in_a_large_approval_goes_through(client, lead, proposed):
    client.force_login(lead)  # signed in with the second factor just now

    with time_machine.travel(timezone.now() + timedelta(minutes=14)):
        response = approve(client, proposed)

    assert response.status_code == 302
    assert Case.objects.get(pk=proposed.pk).state == CaseState.APPROVED


def test_16_minutes_after_the_sign_in_a_large_approval_asks_for_the_code_again(
    client, lead, proposed
):
    client.force_login(lead)
    device = authenticator(lead)

    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        asked = approve(client, proposed)
        page = asked.content.decode()
        confirmed = approve(client, proposed, **{"second_factor-code": code_now(device)})

    assert asked.status_code == 200
    assert "Confirm with your code" in page
    assert "60,000,000 won on FIN-2026-000042" in page
    # What the lead entered is carried to the confirmation, not typed again.
    assert 'name="conditions" value="Report yearly."' in page
    assert confirmed.status_code == 302
    assert confirmed.url == reverse("desk:case", args=[proposed.pk])
    case = Case.objects.get(pk=proposed.pk)
    assert case.state == CaseState.APPROVED
    assert (case.approved_amount, case.decision_conditions) == (60_000_000, "Report yearly.")


def test_a_wrong_code_approves_nothing_and_asks_again(client, lead, proposed):
    client.force_login(lead)

    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        refused = approve(client, proposed, **{"second_factor-code": "000000"})

    assert refused.status_code == 400
    assert "This code is not right" in refused.content.decode()
    assert Case.objects.get(pk=proposed.pk).state == CaseState.RECOMMENDED


def test_an_approval_up_to_the_limit_asks_for_no_code(client, lead, proposed):
    client.force_login(lead)

    with time_machine.travel(timezone.now() + timedelta(minutes=20)):
        response = client.post(
            reverse("desk:act", args=[proposed.pk, "approve"]),
            {"version": proposed.version, "amount": 50_000_000},
        )

    assert response.status_code == 302
    assert Case.objects.get(pk=proposed.pk).approved_amount == 50_000_000


def test_the_service_refuses_a_large_approval_without_a_recent_second_factor(lead, proposed):
    with pytest.raises(CaseError) as refused:
        services.transition(case=proposed, action="approve", by=lead, amount=60_000_000)

    approved = services.transition(
        case=proposed, action="approve", by=lead, amount=60_000_000, recently_verified=True
    )

    assert refused.value.reasons == [
        "Above 50,000,000 won, confirm the approval with your two-step verification code."
    ]
    assert approved.state == CaseState.APPROVED
