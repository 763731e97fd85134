from celery import shared_task

from cases import sla
from insights import outcomes


@shared_task
def request_outcome_reports() -> int:
    """Daily: ask for the outcome reports that fell due (idempotent)."""
    return outcomes.outcome_reports_request(today=sla.today())
