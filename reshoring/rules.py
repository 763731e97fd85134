"""The program's rules applied to a plan: eligibility in plain words, the amount approved,
the default due dates and the amount to recover. Pure functions of what they are given."""

import datetime
from fractions import Fraction

from django.utils.translation import gettext as _

from programs.formatting import krw
from reshoring.models import MILESTONE_ORDER, RecoveryCause, RecoveryRule, ReshoringSettings


def settings_for(program) -> ReshoringSettings:
    """The program's reshoring rules; a program without a row has the current decree's."""
    try:
        return program.reshoring_settings
    except ReshoringSettings.DoesNotExist:
        return ReshoringSettings(program=program)


def plan_problems(rules: ReshoringSettings, *, cut_percent, china_ksic, korea_ksic) -> dict:
    """{field: why the plan is not eligible}, in words a company understands."""
    problems = {}
    if cut_percent is not None and cut_percent < rules.min_cut_percent:
        problems["cut_percent"] = _(
            "This program supports companies that cut at least %(min)s %% of their production "
            "abroad; your plan cuts %(cut)s %%."
        ) % {"min": rules.min_cut_percent, "cut": cut_percent}
    digits = rules.ksic_digits
    if china_ksic and korea_ksic and china_ksic[:digits] != korea_ksic[:digits]:
        problems["korea_ksic"] = _(
            "What you make in Korea must be in the same industry group as what you make in "
            "China: the first %(digits)s digits of the KSIC codes must match (%(china)s and "
            "%(korea)s do not)."
        ) % {"digits": digits, "china": china_ksic[:digits], "korea": korea_ksic[:digits]}
    return problems


def amount_problems(rules: ReshoringSettings, plan, amount) -> list[str]:
    if plan is None:
        return [_("The case has no relocation plan.")]
    most = rules.max_subsidy(plan.planned_investment)
    if amount is not None and amount > most:
        return [
            _(
                "At most %(most)s: %(rate)s %% of the planned investment of %(investment)s, "
                "and no more than %(cap)s per company."
            )
            % {
                "most": krw(most),
                "rate": rules.subsidy_rate_percent,
                "investment": krw(plan.planned_investment),
                "cap": krw(rules.cap_per_company),
            }
        ]
    return []


def default_due_dates(plan, today) -> dict[str, datetime.date]:
    """A due date per milestone, spread over the plan's dates: the official may change them
    when fixing the schedule."""
    starts = plan.starts_on if plan else today + datetime.timedelta(days=90)
    production = plan.production_on if plan else starts + datetime.timedelta(days=270)
    starts = max(starts, today + datetime.timedelta(days=14))
    production = max(production, starts)
    middle = starts + (production - starts) / 2
    dates = [
        today + datetime.timedelta(days=14),
        starts,
        middle,
        max(starts, production - datetime.timedelta(days=30)),
        production,
        production + datetime.timedelta(days=365),
    ]
    return dict(zip(MILESTONE_ORDER, dates, strict=True))


def recovery_amount(
    *, rule, cause, paid, planned_jobs, realised_jobs, months_required, months_operated
) -> int:
    """What the company pays back, in whole won (rounded down: never more than the rule).

    On closure: all that was paid. Otherwise the largest shortfall (of jobs, or of months of
    production) in proportion, or all of it when the program's rule says so.
    """
    if cause == RecoveryCause.CLOSURE:
        return paid
    shortfalls = [Fraction(0)]
    if planned_jobs:
        shortfalls.append(Fraction(max(planned_jobs - realised_jobs, 0), planned_jobs))
    if months_required:
        shortfalls.append(Fraction(max(months_required - months_operated, 0), months_required))
    shortfall = max(shortfalls)
    if shortfall == 0:
        return 0
    if rule == RecoveryRule.FULL:
        return paid
    return int(paid * shortfall)
