"""An administrator changes a program's budget in the admin: never below what approvals have
committed (a message at the field, not an error page), and the committed amount itself only
moves through decisions."""

import threading
import time

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation

from cases import services
from cases.errors import CaseError
from cases.models import CaseState
from programs.forms import ProgramAdminForm
from programs.models import Program
from tests.factories import CaseFactory, ProgramFactory


@pytest.fixture(autouse=True)
def english(client):
    client.cookies["django_language"] = "en"


def change_form(program, **changes) -> dict:
    """What the admin's change form posts for the program, with `changes`."""
    opens, closes = timezone.localtime(program.opens_at), timezone.localtime(program.closes_at)
    data = {
        "kind": program.kind,
        "code": program.code,
        "name_ko": program.name_ko,
        "name_en": program.name_en,
        "description_ko": program.description_ko,
        "description_en": program.description_en,
        "sectors": [s.pk for s in program.sectors.all()],
        "company_sizes": program.company_sizes,
        "min_amount": program.min_amount,
        "max_amount": program.max_amount,
        "budget": program.budget,
        "opens_at_0": opens.date().isoformat(),
        "opens_at_1": opens.time().isoformat(timespec="seconds"),
        "closes_at_0": closes.date().isoformat(),
        "closes_at_1": closes.time().isoformat(timespec="seconds"),
        "required_documents": [d.pk for d in program.required_documents.all()],
        "sla_first_response_days": program.sla_first_response_days,
        "sla_decision_days": program.sla_decision_days,
        "is_published": "on",
        "_save": "Save",
    }
    data.update(changes)
    return data


def change(client, program, **changes):
    url = reverse("admin:programs_program_change", args=[program.pk])
    return client.post(url, change_form(program, **changes))


def test_a_budget_below_what_is_committed_is_refused_at_the_field(client, administrator):
    program = ProgramFactory(budget=500_000_000, committed=320_000_000)
    client.force_login(administrator)

    response = change(client, program, budget=300_000_000)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["budget"] == [
        "The budget cannot be less than the 320,000,000 won already committed to approved cases."
    ]
    assert "already committed to approved cases" in response.content.decode()
    assert Program.objects.values_list("budget", flat=True).get(pk=program.pk) == 500_000_000


def test_a_budget_down_to_what_is_committed_is_saved(client, administrator):
    program = ProgramFactory(budget=500_000_000, committed=320_000_000)
    client.force_login(administrator)

    response = change(client, program, budget=320_000_000)

    assert response.status_code == 302
    assert Program.objects.values_list("budget", flat=True).get(pk=program.pk) == 320_000_000


def test_the_committed_amount_is_not_changed_in_the_admin(client, administrator):
    program = ProgramFactory(budget=500_000_000, committed=320_000_000)
    client.force_login(administrator)

    response = change(client, program, committed=0)

    assert response.status_code == 302
    assert Program.objects.values_list("committed", flat=True).get(pk=program.pk) == 320_000_000


@pytest.mark.needs_postgres
@pytest.mark.django_db(transaction=True)
def test_an_approval_while_the_budget_is_lowered_waits_and_finds_the_new_budget(
    client, administrator, lead, beijing, monkeypatch
):
    program = ProgramFactory(budget=100_000_000, committed=50_000_000)
    case = CaseFactory(
        program=program,
        state=CaseState.IN_REVIEW,
        reference="FIN-2026-000001",
        submitted_at=timezone.now(),
        center=beijing,
        amount_requested=30_000_000,
    )
    validated = threading.Event()
    checked = ProgramAdminForm.clean_budget

    def clean_budget_then_linger(form):
        budget = checked(form)
        validated.set()
        time.sleep(1)  # the approval below starts now, while the admin has not saved yet
        return budget

    monkeypatch.setattr(ProgramAdminForm, "clean_budget", clean_budget_then_linger)
    refusals = []

    def approve():
        validated.wait()
        try:
            with translation.override("en"):
                services.transition(case=case, action="approve", by=lead, amount=30_000_000)
        except CaseError as error:
            refusals.extend(error.reasons)
        finally:
            connection.close()

    approval = threading.Thread(target=approve)
    approval.start()
    client.force_login(administrator)
    response = change(client, program, budget=60_000_000)
    approval.join()

    assert response.status_code == 302
    assert refusals == ["The program's budget has 10,000,000 won left, less than this amount."]
    assert Program.objects.values_list("budget", "committed").get(pk=program.pk) == (
        60_000_000,
        50_000_000,
    )
