"""Scheduled work on reshoring cases, run by Celery beat."""

from celery import shared_task

from reshoring import notices


@shared_task
def remind_milestones() -> int:
    """Each morning: companies a week before a milestone is due, officials once it is late.
    Idempotent: each notice goes once per milestone and due date."""
    return notices.remind_milestones()
