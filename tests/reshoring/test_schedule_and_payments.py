"""The relocation phase's money: the schedule adds up, a tranche is paid after its
milestone is verified, and once."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction

from cases.errors import CaseError
from cases.models import CaseState
from reshoring import services
from reshoring.models import MILESTONE_ORDER, Payment, RelocationPlan, Tranche
from tests.factories import PDF_BYTES
from tests.reshoring.conftest import APPROVED, SCHEDULE

PAID_ON = datetime.date(2027, 4, 2)


def evidence():
    return SimpleUploadedFile("lease.pdf", PDF_BYTES, content_type="application/pdf")


def verified(case, kind, *, company_user, official):
    milestone = case.milestones.get(kind=kind)
    services.evidence_add(milestone=milestone, by=company_user, upload=evidence())
    return services.milestone_verify(milestone=milestone, by=official)


def test_it_starts_the_relocation_phase_with_the_six_milestones(relocating):
    assert relocating.state == CaseState.RELOCATION
    assert list(relocating.milestones.values_list("kind", flat=True)) == MILESTONE_ORDER
    assert relocating.events.get().action == "start_relocation"


def test_it_fixes_a_schedule_that_adds_up_to_the_approved_amount(scheduled):
    amounts = dict(Tranche.objects.filter(case=scheduled).values_list("milestone__kind", "amount"))
    assert amounts == SCHEDULE
    assert sum(amounts.values()) == APPROVED
    plan = RelocationPlan.objects.get(case=scheduled)
    assert plan.schedule_fixed_at is not None
    assert plan.obligation_ends_on == datetime.date(2033, 3, 1)


def test_it_refuses_a_schedule_that_does_not_add_up(relocating, official):
    with pytest.raises(CaseError) as error:
        services.schedule_fix(
            case=relocating, by=official, amounts={**SCHEDULE, "plan": 1}, due_dates={}
        )
    assert error.value.reasons == [
        "The tranches add up to 8,100,000,001 won; the approved amount is 9,000,000,000 won."
    ]
    assert not Tranche.objects.exists()


def test_the_database_refuses_fixing_a_schedule_that_does_not_add_up(relocating):
    """Around the ORM and the service: the tranches are one won short when the schedule is
    fixed."""
    milestones = dict(relocating.milestones.values_list("kind", "pk"))
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO reshoring_tranche (case_id, milestone_id, amount) VALUES (%s, %s, %s)",
            [relocating.pk, milestones["plan"], APPROVED - 1],
        )
        cursor.execute(
            "UPDATE reshoring_relocationplan SET schedule_fixed_at = CURRENT_TIMESTAMP "
            "WHERE case_id = %s",
            [relocating.pk],
        )
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def test_the_database_refuses_changing_a_tranche_of_a_fixed_schedule(scheduled):
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE reshoring_tranche SET amount = amount + 1 WHERE case_id = %s "
            "AND milestone_id = (SELECT id FROM reshoring_milestone WHERE case_id = %s "
            "AND kind = 'site')",
            [scheduled.pk, scheduled.pk],
        )
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    assert sum(Tranche.objects.values_list("amount", flat=True)) == APPROVED


@pytest.mark.needs_postgres
def test_on_postgresql_a_fixed_schedule_may_be_rearranged_if_it_still_adds_up(scheduled):
    """The check waits for the end of the transaction: moving money from one tranche to
    another in two writes passes."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for kind, change in (("site", -100), ("built", 100)):
            cursor.execute(
                "UPDATE reshoring_tranche SET amount = amount + %s WHERE milestone_id = "
                "(SELECT id FROM reshoring_milestone WHERE case_id = %s AND kind = %s)",
                [change, scheduled.pk, kind],
            )
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    assert sum(Tranche.objects.values_list("amount", flat=True)) == APPROVED


def test_a_tranche_is_not_paid_before_its_milestone_is_verified(scheduled, official, applicant):
    tranche = Tranche.objects.get(milestone__kind="site")
    services.evidence_add(milestone=tranche.milestone, by=applicant, upload=evidence())

    with pytest.raises(CaseError) as error:
        services.payment_record(tranche=tranche, by=official, paid_on=PAID_ON)

    assert error.value.reasons == ["A tranche is paid only once its milestone is verified."]
    assert not Payment.objects.exists()


def test_a_verified_milestones_tranche_is_paid_once(scheduled, official, applicant):
    verified(scheduled, "site", company_user=applicant, official=official)
    tranche = Tranche.objects.get(milestone__kind="site")

    payment = services.payment_record(tranche=tranche, by=official, paid_on=PAID_ON)
    with pytest.raises(CaseError) as error:
        services.payment_record(tranche=tranche, by=official, paid_on=PAID_ON)

    assert payment.amount == 1_800_000_000
    assert error.value.reasons == ["This tranche is paid already."]
    assert Payment.objects.count() == 1
    assert list(scheduled.events.values_list("action", flat=True)) == [
        "start_relocation",
        "schedule",
        "evidence",
        "verify",
        "pay",
    ]


def test_a_returned_milestone_needs_new_evidence(scheduled, official, applicant):
    milestone = scheduled.milestones.get(kind="plan")
    services.evidence_add(milestone=milestone, by=applicant, upload=evidence())
    services.milestone_return(milestone=milestone, by=official, reason="The lease is unsigned.")

    with pytest.raises(CaseError):
        services.milestone_verify(milestone=milestone, by=official)
    services.evidence_add(milestone=milestone, by=applicant, upload=evidence())
    assert services.milestone_verify(milestone=milestone, by=official).state == "verified"


def test_an_official_of_another_center_cannot_verify(scheduled, applicant, beijing_official):
    milestone = scheduled.milestones.get(kind="plan")
    services.evidence_add(milestone=milestone, by=applicant, upload=evidence())
    with pytest.raises(CaseError):
        services.milestone_verify(milestone=milestone, by=beijing_official)


def test_another_company_cannot_upload_evidence(scheduled, other_applicant):
    with pytest.raises(CaseError):
        services.evidence_add(
            milestone=scheduled.milestones.first(), by=other_applicant, upload=evidence()
        )
