"""Scheduled work on cases, run by Celery beat."""

from celery import shared_task

from cases import services


@shared_task
def refresh_priorities() -> int:
    """Each morning: the queue's order follows the days waited and the nearing deadlines."""
    return services.refresh_priorities()
