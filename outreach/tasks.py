"""Announcements' fan-out, run by Celery."""

from celery import shared_task

from outreach import services


@shared_task
def fan_out_announcement(announcement_id: int) -> int:
    """One notification per person the announcement is for; a second run notifies nobody."""
    return services.fan_out(announcement_id)


@shared_task
def resume_announcements() -> int:
    """Every few minutes: fan-outs that were never enqueued (a broker outage) or died."""
    return services.resume()


@shared_task
def fan_out_opportunity(opportunity_id: int) -> int:
    """One notification per member of each matching company; a second run notifies nobody."""
    from outreach import opportunities

    return opportunities.fan_out(opportunity_id)


@shared_task
def remind_follow_ups() -> int:
    """Each morning: follow-ups with Chinese authorities due soon or overdue."""
    from outreach import contacts

    return contacts.remind_follow_ups()
