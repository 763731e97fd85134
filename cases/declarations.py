"""The writes of conflicts of interest: a staff member declares one, or ends it.

Declaring hands over the open cases of that company the person holds (as the official
suggested or assigned), as a move does, to a colleague free of conflict, each with its
timeline row: from then on the person has no part in them (cases/recusal.py).
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases import recusal, rules
from cases.conflicts import ConflictOfInterest
from cases.models import Case
from cases.services import timeline_add
from centers import routing
from centers.models import TradeOfficial


@transaction.atomic
def conflict_declare(*, person, company, kind: str, note: str = "") -> ConflictOfInterest:
    note = note.strip()
    if kind == ConflictOfInterest.Kind.OTHER and not note:
        raise ValidationError({"note": _("Say what ties you to the company.")})
    try:
        with transaction.atomic():
            conflict = ConflictOfInterest.objects.create(
                person=person, company=company, kind=kind, note=note
            )
    except IntegrityError:
        raise ValidationError(
            _("You have already declared a conflict of interest with %(company)s.")
            % {"company": company}
        ) from None
    official = TradeOfficial.objects.filter(user=person).first()
    if official is not None:
        _hand_over_company_cases(official=official, company=company, by=person)
    return conflict


def _hand_over_company_cases(*, official, company, by) -> None:
    cases = list(
        Case.objects.open()
        .filter(company=company, suggested_official=official)
        .select_related("center", "company__sector")
        .select_for_update(of=("self",))
        .order_by("pk")
    )
    barred = recusal.barred_official_ids(company.pk)
    for case in cases:
        officers = routing.officers_of(case.center) if case.center_id else []
        loads = rules.open_cases_by_official(case.center) if case.center_id else {}
        recipient = routing.suggest_official(officers, company.sector, loads, barred)
        case.suggested_official = recipient
        if case.assigned_to_id is not None:
            case.assigned_to = recipient
        case.save(update_fields=["suggested_official", "assigned_to"])
        timeline_add(
            case,
            action="handover",
            by=by,
            note=_("From %(from)s, who declared a conflict of interest, to %(to)s.")
            % {"from": official, "to": recipient or _("nobody (unassigned)")},
        )


@transaction.atomic
def conflict_end(*, conflict: ConflictOfInterest, by) -> ConflictOfInterest:
    """End a declaration in force: the tie is over (the stake sold, say). Only its author."""
    conflict = ConflictOfInterest.objects.select_for_update().get(pk=conflict.pk)
    if conflict.person_id != by.pk:
        raise ValidationError(_("Only the person who declared it can end it."))
    if conflict.ended_at is not None:
        raise ValidationError(_("This declaration has already ended."))
    conflict.ended_at = timezone.now()
    conflict.save(update_fields=["ended_at"])
    return conflict
