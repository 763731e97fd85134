"""Recovery amounts, computed by hand: what the program's rule takes back of what was paid."""

import pytest

from cases.errors import CaseError
from notifications.models import Notification
from reshoring import services
from reshoring.models import Recovery, RecoveryCause, RecoveryRule, ReshoringSettings, Tranche
from reshoring.rules import recovery_amount
from tests.reshoring.test_schedule_and_payments import PAID_ON, verified

PAID = 4_500_000_000  # plan and site, then wind-down: 0.9 + 1.8 + 1.8 bn


@pytest.mark.parametrize(
    ("rule", "cause", "realised_jobs", "months", "expected"),
    [
        # 90 of 120 jobs: a quarter short; 60 months operated of 60.
        (RecoveryRule.PROPORTIONAL, RecoveryCause.OBLIGATION_CHECK, 90, 60, 1_125_000_000),
        # Jobs met; 45 months of 60: a quarter short.
        (RecoveryRule.PROPORTIONAL, RecoveryCause.SHORTFALL, 120, 45, 1_125_000_000),
        # Both short: the larger shortfall counts (jobs 1/3 short, months 1/4).
        (RecoveryRule.PROPORTIONAL, RecoveryCause.SHORTFALL, 80, 45, 1_500_000_000),
        # 1 of 120 jobs missing: 4.5 bn / 120 = 37,500,000.
        (RecoveryRule.PROPORTIONAL, RecoveryCause.OBLIGATION_CHECK, 119, 60, 37_500_000),
        # Any shortfall under the "all of it" rule.
        (RecoveryRule.FULL, RecoveryCause.OBLIGATION_CHECK, 119, 60, PAID),
        # Closure: all of it, whatever the rule and the figures.
        (RecoveryRule.PROPORTIONAL, RecoveryCause.CLOSURE, 120, 60, PAID),
        # Promises kept: nothing.
        (RecoveryRule.PROPORTIONAL, RecoveryCause.OBLIGATION_CHECK, 130, 60, 0),
    ],
)
def test_it_computes_the_amount_to_recover(rule, cause, realised_jobs, months, expected):
    amount = recovery_amount(
        rule=rule,
        cause=cause,
        paid=PAID,
        planned_jobs=120,
        realised_jobs=realised_jobs,
        months_required=60,
        months_operated=months,
    )
    assert amount == expected


def test_it_rounds_down_to_the_won():
    # 1,000,001 won paid, 1 of 3 jobs missing: 333,333.67 won, so 333,333.
    assert (
        recovery_amount(
            rule=RecoveryRule.PROPORTIONAL,
            cause=RecoveryCause.SHORTFALL,
            paid=1_000_001,
            planned_jobs=3,
            realised_jobs=2,
            months_required=60,
            months_operated=60,
        )
        == 333_333
    )


@pytest.fixture
def paid(scheduled, official, applicant):
    for kind in ("plan", "site", "wind_down"):
        verified(scheduled, kind, company_user=applicant, official=official)
        services.payment_record(
            tranche=Tranche.objects.get(milestone__kind=kind), by=official, paid_on=PAID_ON
        )
    return scheduled


def test_a_shortfall_at_the_check_opens_a_recovery_and_tells_the_company(
    paid, official, mailoutbox
):
    recovery = services.recovery_open(
        case=paid,
        by=official,
        cause=RecoveryCause.OBLIGATION_CHECK,
        realised_jobs=90,
        months_operated=60,
    )

    assert (recovery.paid, recovery.amount) == (PAID, 1_125_000_000)
    assert Notification.objects.filter(
        kind="recovery_opened", recipient__email="owner@hanbit.example.com"
    ).exists()


def test_the_programs_rule_decides(paid, official):
    ReshoringSettings.objects.filter(program=paid.program).update(recovery_rule=RecoveryRule.FULL)
    recovery = services.recovery_open(
        case=paid, by=official, cause="check", realised_jobs=119, months_operated=60
    )
    assert recovery.amount == PAID


def test_obligations_met_open_nothing(paid, official):
    assert (
        services.recovery_open(
            case=paid, by=official, cause="check", realised_jobs=120, months_operated=60
        )
        is None
    )
    assert not Recovery.objects.exists()
    assert paid.events.last().action == "check"


def test_the_repayment_is_recorded_once(paid, official):
    services.recovery_open(
        case=paid, by=official, cause="closure", realised_jobs=0, months_operated=0
    )
    services.repayment_record(case=paid, by=official, repaid_on=PAID_ON)
    with pytest.raises(CaseError) as error:
        services.repayment_record(case=paid, by=official, repaid_on=PAID_ON)
    assert error.value.reasons == ["The repayment is recorded already."]
    assert Recovery.objects.get().repaid_on == PAID_ON
