"""Scheduled work on reshoring cases, run by Celery beat."""

import datetime

from celery import shared_task
from django.db import transaction

from cases import sla
from reshoring import notices, services


@shared_task
def remind_milestones() -> int:
    """Each morning: companies a week before a milestone is due, officials once it is late.
    Idempotent: each notice goes once per milestone and due date."""
    return notices.remind_milestones()


@shared_task
def check_obligations() -> int:
    """Each morning: one check per case whose obligation period ended, each its own task
    (enqueued once this transaction commits). Idempotent: a checked case is not found again,
    and the check itself refuses a second run."""
    today = sla.today()
    with transaction.atomic():
        due = services.obligations_due(today)
        for case_pk in due:
            transaction.on_commit(lambda pk=case_pk: check_obligation.delay(pk, today.isoformat()))
    return len(due)


@shared_task
def check_obligation(case_pk: int, today: str) -> bool:
    recovery = services.obligation_check_due(
        case_pk=case_pk, today=datetime.date.fromisoformat(today)
    )
    return recovery is not None
