"""Who may apply to a program, with the reasons in plain words.

The catalog, the apply button and the submit step all ask here, so they can never disagree.
The company is whatever object is given: it needs `sector` (with `parent`), `size` and
`promising_items` (a manager or any iterable of PromisingItem); programs/ imports none of
the apps above it.
"""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from programs.models import CompanySize, Program


@dataclass(frozen=True)
class Reason:
    code: str
    message: str

    def __str__(self):
        return str(self.message)


def _when(moment) -> dict[str, str]:
    """The date and the hour in Seoul (the site's time zone), for the messages below."""
    local = timezone.localtime(moment)
    return {"date": date_format(local, "DATE_FORMAT"), "time": local.strftime("%H:%M")}


def window_reasons(program: Program, *, at=None) -> list[Reason]:
    """What keeps anybody from applying now: publication, the window and the budget."""
    at = at or timezone.now()
    reasons = []
    if not program.is_published:
        reasons.append(Reason("unpublished", _("This program is not published.")))
    if at < program.opens_at:
        reasons.append(
            Reason(
                "not_open_yet",
                format_lazy(_("Applications open on {date} at {time}."), **_when(program.opens_at)),
            )
        )
    elif at >= program.closes_at:
        reasons.append(
            Reason(
                "closed",
                format_lazy(
                    _("Applications closed on {date} at {time}."), **_when(program.closes_at)
                ),
            )
        )
    if program.available_budget < program.min_amount:
        reasons.append(Reason("budget_exhausted", _("The program's budget is fully committed.")))
    return reasons


def _items(company):
    items = company.promising_items
    return list(items.all() if hasattr(items, "all") else items)


def company_reasons(program: Program, company) -> list[Reason]:
    """What keeps this company from applying, whatever the date."""
    reasons = []
    sectors = list(program.sectors.all())
    sector = company.sector
    if sectors and not any(s.pk in (sector.pk, sector.parent_id) for s in sectors):
        reasons.append(
            Reason(
                "sector",
                format_lazy(
                    _("Your sector, {sector}, is not covered by this program."),
                    sector=sector.name,
                ),
            )
        )
    if program.company_sizes and company.size not in program.company_sizes:
        served = ", ".join(str(CompanySize(size).label) for size in program.company_sizes)
        reasons.append(
            Reason(
                "size",
                format_lazy(
                    _("This program serves: {served}. Your company is registered as: {size}."),
                    served=served,
                    size=CompanySize(company.size).label,
                ),
            )
        )
    if program.requires_promising_item and not _items(company):
        reasons.append(
            Reason(
                "promising_item",
                _(
                    "This program is only for exporters of one of the 30 promising export "
                    "items; none is listed in your company profile."
                ),
            )
        )
    return reasons


def unmet_conditions(program: Program, company, *, at=None) -> list[Reason]:
    """Every reason this company cannot apply to this program now; empty when it can."""
    return window_reasons(program, at=at) + company_reasons(program, company)


def is_eligible(program: Program, company, *, at=None) -> bool:
    return not unmet_conditions(program, company, at=at)
