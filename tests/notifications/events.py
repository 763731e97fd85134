"""Real events that notify people, for the notifications' tests: a case of company A in review
at the Shanghai center, and the officer's request for information on it."""

import itertools

from django.utils import timezone

from cases import services, sla
from cases.models import Case, CaseState
from centers.models import TradeOfficial
from tests.factories import CaseFactory

_references = itertools.count(1)


def case_in_review(applicant, official, **fields) -> Case:
    """A case of the applicant's company, taken by the official at their center."""
    officer = TradeOfficial.objects.get(user=official)
    today = sla.today()
    now = timezone.now()
    values = {
        "company": applicant.company_memberships.get().company,
        "created_by": applicant,
        "state": CaseState.IN_REVIEW,
        "reference": f"NTF-2026-{next(_references):06d}",
        "center": officer.assignments.get().center,
        "submitted_at": now,
        "amount_requested": 50_000_000,
        "assigned_to": officer,
        "suggested_official": officer,
        "first_response_at": now,
        "first_response_due": sla.add_business_days(today, 3),
        "decision_due": sla.add_business_days(today, 20),
        "sla_due": sla.add_business_days(today, 20),
    }
    values.update(fields)
    return CaseFactory(**values)


def request_information(case, official, *, items=None, message="The plan leaves out the buyer."):
    """The official asks the company for more; the company members are notified."""
    return services.transition(
        case=case,
        action="request_info",
        by=official,
        message=message,
        due_on=answer_due(),
        items=items or [{"kind": "question", "question": "Who buys the cells?"}],
    )


def answer_due():
    return sla.add_business_days(sla.today(), 5)
