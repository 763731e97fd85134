"""The priority score of an open case, as a sum of parts an official can read.

Higher first. The parts: the company's sector is in a focus area of the support package;
the case concerns a promising export item; the company's exports to China are falling year
on year (at this year's pace); the company is an SME; the business days the case has
waited; how close its running SLA clock is to its deadline.

The score is stored on the case for the queue's order and index, recomputed by every change
and each morning by a scheduled task (the waiting days and the clock move with the
calendar).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from cases import sla
from programs.models import CompanySize

FOCUS_SECTOR = 20
PROMISING_ITEM = 15
EXPORT_FALL_MAX = 20  # one point per 2.5 % of fall, up to a fall of 50 %
SME = 10
WAITING_MAX = 20  # one point per business day waited
SLA_OVERDUE = 25
SLA_DUE_SOON = 15


@dataclass(frozen=True)
class Part:
    label: str
    points: int


def export_fall(
    last_year: Decimal | None, this_year: Decimal, today: datetime.date
) -> Decimal | None:
    """How much a company's exports to China fall this year against last, at this year's
    pace so far, as a fraction (0.25 is a fall of 25 %); None without last year's figure."""
    if not last_year:
        return None
    elapsed = Decimal(today.timetuple().tm_yday) / Decimal(365)
    projected = this_year / elapsed
    return max(Decimal(0), 1 - projected / last_year)


def parts(
    *,
    sector,
    fall: Decimal | None,
    is_sme: bool,
    has_items: bool,
    submitted_on: datetime.date | None,
    sla_due: datetime.date | None,
    today: datetime.date,
) -> list[Part]:
    """The parts that count, from plain values; no queries. `sector` is the company's (or
    None), `fall` export_fall's figure, `sla_due` the running clock's deadline (None while
    no clock runs). The one implementation of the score: breakdown() reads a case into
    these values, and the benchmark's seeder passes its rows' own."""
    result = []
    if sector is not None and sector.is_focus:
        result.append(
            Part(_("Sector in a focus area: %(sector)s") % {"sector": sector}, FOCUS_SECTOR)
        )
    if has_items:
        result.append(Part(_("Concerns a promising export item"), PROMISING_ITEM))
    if fall:
        points = min(EXPORT_FALL_MAX, int(fall * 40))
        if points:
            result.append(
                Part(
                    _("Exports to China falling %(percent)s %% year on year")
                    % {"percent": round(fall * 100)},
                    points,
                )
            )
    if is_sme:
        result.append(Part(_("Small or medium-sized enterprise"), SME))
    if submitted_on is not None:
        waited = sla.business_days_between(submitted_on, today)
        if waited:
            result.append(
                Part(
                    _("Waiting %(days)s business days") % {"days": waited},
                    min(WAITING_MAX, waited),
                )
            )
    flag = sla.flag(sla_due, today)
    if flag == "overdue":
        result.append(Part(_("Past its SLA deadline"), SLA_OVERDUE))
    elif flag == "due_soon":
        result.append(Part(_("SLA deadline within two business days"), SLA_DUE_SOON))
    return result


def breakdown(case, *, today: datetime.date | None = None, has_items: bool | None = None):
    """The parts of the case's score, the ones that count only. `has_items` saves a query
    when the caller knows whether the case names a promising item."""
    today = today or sla.today()
    company = case.company
    if has_items is None:
        has_items = case.export_items.exists()
    return parts(
        sector=company.sector,
        fall=export_fall(
            company.exports_to_china_last_year, company.exports_to_china_this_year, today
        ),
        is_sme=company.size == CompanySize.SME,
        has_items=has_items,
        submitted_on=sla.local_date(case.submitted_at) if case.submitted_at else None,
        sla_due=case.sla_due if case.is_open else None,
        today=today,
    )


def score(case, **kwargs) -> int:
    return sum(part.points for part in breakdown(case, **kwargs))
