"""Steps 4 and 5 of bench_broadcast: the broadcast, from the post to the last e-mail sent,
then no-op tasks through the same worker, from the first enqueue to the last task done."""

import datetime
import math
import time

from django.core.management.base import CommandError
from django.db.models import Count, Max, Q
from django.utils import timezone

from bench.broadcast.worker import POLL
from bench.noop import bench_noop
from config.celery import app as celery_app
from notifications.models import EmailStatus, Notification
from notifications.services import BATCH
from outreach import services as announcements
from outreach.models import Announcement


def _rate(count: int, seconds: float) -> str:
    rate = count / seconds if seconds else float("inf")
    return f"{rate:,.1f}" if rate < 10 else f"{rate:,.0f}"


class Timer:
    """Times through `worker`, writing to `stdout`; gives up a phase after `timeout` s."""

    def __init__(self, stdout, worker, *, timeout: float):
        self.stdout = stdout
        self.worker = worker
        self.timeout = timeout

    def broadcast(self, count: int, sink, *, center, lead, area) -> tuple[float, int]:
        """Post, wait until every e-mail is sent; (seconds, tasks the broadcast used)."""
        started = timezone.now()
        announcement = announcements.announcement_post(
            center=center,
            by=lead,
            title="Bench: buyers' meeting",
            body="A benchmark announcement.",
            sectors=[area],
        )
        rows = Notification.objects.filter(dedupe_key=announcements.dedupe_key(announcement.pk))
        deadline = time.monotonic() + self.timeout
        shown = time.monotonic()
        while True:
            self.worker.check()
            fanned_out_at = (
                Announcement.objects.filter(pk=announcement.pk)
                .values_list("fanned_out_at", flat=True)
                .get()
            )
            state = rows.aggregate(
                total=Count("pk"),
                sent=Count("pk", filter=Q(email=EmailStatus.SENT)),
                failed=Count("pk", filter=Q(email=EmailStatus.FAILED)),
                last=Max("email_sent_at"),
            )
            if fanned_out_at and state["sent"] + state["failed"] == state["total"]:
                break
            if time.monotonic() > deadline:
                raise CommandError(
                    f"Not delivered after {self.timeout:.0f} s: {state['sent']:,} of "
                    f"{state['total']:,} sent.\n{self.worker.log_tail()}"
                )
            if time.monotonic() - shown > 10:
                shown = time.monotonic()
                self.stdout.write(
                    f"  ... {state['total']:,} notified, {state['sent']:,} e-mails sent"
                )
            time.sleep(POLL)
        if state["total"] != count or state["failed"]:
            raise CommandError(
                f"{state['total']:,} notified of {count:,}; {state['failed']:,} e-mail(s) "
                f"failed.\n{self.worker.log_tail()}"
            )
        elapsed = (state["last"] - started).total_seconds()
        fan_out = (fanned_out_at - announcement.created_at).total_seconds()
        deliveries = sum(
            math.ceil(min(announcements.FAN_OUT_BATCH, count - start) / BATCH)
            for start in range(0, count, announcements.FAN_OUT_BATCH)
        )
        received = f"; the sink received {sink.received():,}" if sink.controller else ""
        self.stdout.write(
            f"Broadcast: {count:,} notifications written by the fan-out in {fan_out:.1f} s; "
            f"{state['sent']:,} e-mails sent{received}; {1 + deliveries:,} tasks (1 fan-out, "
            f"{deliveries:,} deliveries of up to {BATCH}); {_rate(count, elapsed)} e-mails/s"
        )
        return elapsed, 1 + deliveries

    def same_noops(self, tasks: int) -> float:
        """As many no-op tasks as the broadcast used; their seconds."""
        same = self.noops(tasks)
        self.stdout.write(
            f"No-op: {tasks:,} tasks (as many as the broadcast's) in {same:.1f} s "
            f"({_rate(tasks, same)} tasks/s)"
        )
        return same

    def single_noops(self, count: int, *, rate: float, limit: float) -> float:
        """N single no-op tasks (one per e-mail); their rate in tasks/s (the `rate` given,
        measured on fewer tasks, when running them would take over `limit` seconds)."""
        estimate = count / rate
        if estimate > limit:
            self.stdout.write(
                f"No-op: {count:,} single tasks (one per e-mail) not run: about "
                f"{estimate:,.0f} s at the {rate:,.1f} tasks/s just measured (over "
                f"--single-limit {limit:.0f} s)"
            )
            return rate
        single = self.noops(count)
        self.stdout.write(
            f"No-op: {count:,} single tasks (one per e-mail) in {single:.1f} s "
            f"({_rate(count, single)} tasks/s)"
        )
        return count / max(single, 1e-3)

    def noops(self, count: int) -> float:
        """Seconds from the first enqueue of `count` no-op tasks to the last one done."""
        started = datetime.datetime.now(datetime.UTC)
        with celery_app.producer_or_acquire() as producer:
            results = [bench_noop.apply_async(producer=producer) for _ in range(count)]
        self.worker.wait_for(results, limit=self.timeout)
        done = []
        for result in results:
            moment = result.date_done
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=datetime.UTC)
            done.append(moment)
        return (max(done) - started).total_seconds()
