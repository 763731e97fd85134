"""Scheduled work on cases, run by Celery beat."""

from celery import shared_task

from cases import announcements, notices, services


@shared_task
def refresh_priorities() -> int:
    """Each morning: the queue's order follows the days waited and the nearing deadlines."""
    return services.refresh_priorities()


@shared_task
def remind_deadlines() -> int:
    """Each morning: cases due within two business days, or past due, to their officials."""
    return notices.remind_deadlines()


@shared_task
def remind_information_due() -> int:
    """Each morning: companies whose answer is due within two business days."""
    return notices.remind_information_due()


@shared_task
def fan_out_announcement(announcement_id: int) -> int:
    """One notification per person the announcement is for; a second run notifies nobody."""
    return announcements.fan_out(announcement_id)


@shared_task
def resume_announcements() -> int:
    """Every few minutes: fan-outs that were never enqueued (a broker outage) or died."""
    return announcements.resume()
