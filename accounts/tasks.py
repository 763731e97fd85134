"""Delivery of account e-mails and the sweep that makes sure none is lost (accounts.outbox)."""

from celery import shared_task

from accounts import outbox
from accounts.mail import MAX_ATTEMPTS, retry_countdown, send_each


# No result is kept: nobody reads it, and publishing then never touches the result backend
# (with Redis down, subscribing to a result is what made a request wait).
@shared_task(bind=True, max_retries=MAX_ATTEMPTS - 1, ignore_result=True)
def deliver_email(self, email_ids: list[int]) -> int:
    """Send these account e-mails if still pending; returns how many were sent."""
    sent, failed, error = send_each(email_ids, outbox.send_one)
    if failed:
        outbox.failed_attempt(failed, error, final=self.request.retries >= self.max_retries)
        if self.request.retries < self.max_retries:
            raise self.retry(
                args=[failed], countdown=retry_countdown(self.request.retries), exc=error
            )
    return sent


@shared_task(ignore_result=True)
def sweep_email(*, limit: int = 10_000) -> int:
    """Every minute: enqueue again the account e-mails still pending after a while."""
    return outbox.sweep(limit=limit)
