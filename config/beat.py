"""Celery beat's schedule: what runs when (settings.py imports it).

Times are Seoul's (CELERY_TIMEZONE); the reminders run before the digest at 08:30 so that
what they announce is in the day's digest.
"""

from celery.schedules import crontab

# The sweeps run often enough that an e-mail a fault left behind goes out within a minute
# (accounts.mail.SWEEP_AFTER, notifications.delivery.CLAIM_TIMEOUT); a sweep beat enqueued
# while no worker ran expires instead of piling up.
SWEEP_EVERY = 15.0
CELERY_BEAT_SCHEDULE = {
    "sweep-unsent-email": {
        "task": "notifications.tasks.sweep",
        "schedule": SWEEP_EVERY,
        "options": {"expires": SWEEP_EVERY},
    },
    "sweep-unsent-account-email": {
        "task": "accounts.tasks.sweep_email",
        "schedule": SWEEP_EVERY,
        "options": {"expires": SWEEP_EVERY},
    },
    "daily-digest": {
        "task": "notifications.tasks.send_digests",
        "schedule": crontab(hour=8, minute=30),
    },
    # Early, before the desks open in China (an hour behind Seoul).
    "refresh-case-priorities": {
        "task": "cases.tasks.refresh_priorities",
        "schedule": crontab(hour=6, minute=0),
    },
    # Before the digest at 08:30, so a reminder a person takes in the digest is in today's.
    "remind-case-deadlines": {
        "task": "cases.tasks.remind_deadlines",
        "schedule": crontab(hour=8, minute=0),
    },
    "remind-information-due": {
        "task": "cases.tasks.remind_information_due",
        "schedule": crontab(hour=8, minute=0),
    },
    "sweep-orphan-documents": {"task": "cases.tasks.sweep_orphan_documents", "schedule": 3600.0},
    # Announcements whose fan-out was never enqueued or did not finish.
    "resume-announcements": {"task": "outreach.tasks.resume_announcements", "schedule": 300.0},
    # Follow-ups agreed with Chinese authorities, due soon or overdue; before the digest.
    "remind-follow-ups": {
        "task": "outreach.tasks.remind_follow_ups",
        "schedule": crontab(hour=8, minute=0),
    },
    # Reshoring milestones due within a week (to the company) or late (to the official).
    "remind-relocation-milestones": {
        "task": "reshoring.tasks.remind_milestones",
        "schedule": crontab(hour=8, minute=0),
    },
    # Before the digest at 08:30, like the deadline reminders.
    "request-outcome-reports": {
        "task": "insights.tasks.request_outcome_reports",
        "schedule": crontab(hour=7, minute=30),
    },
    # Reshoring cases whose obligation period ended: the check, once.
    "check-relocation-obligations": {
        "task": "reshoring.tasks.check_obligations",
        "schedule": crontab(hour=6, minute=0),
    },
}
