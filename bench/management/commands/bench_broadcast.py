"""Benchmark a broadcast: how long an announcement to N people takes to be fully delivered.

    python manage.py bench_broadcast --recipients 10000 [--timeout 1800]
    python manage.py bench_broadcast --clear

Against the configured database and broker (Redis, or the filesystem transport of a laptop):

1. Seeds N bench recipients: active company members, two per company, every company in the
   bench industry of the bench area, and a lead for the bench center. Once: a second run
   reuses them (adding or removing people to match N). The previous run's bench
   announcements and notifications are removed first.
2. Starts an SMTP sink on loopback (aiosmtpd) that counts and drops the messages; without
   aiosmtpd, e-mails are written as files to a temporary folder (said in the output).
3. Starts ONE worker: `python -m celery -A config worker --pool=prefork --concurrency=1
   --include bench.noop`, with the same settings and environment (EMAIL_URL pointing at
   the sink), consuming a queue of its own (bench-broadcast: its default queue, so the
   deliveries the fan-out enqueues go there too). A worker already running on the broker
   takes no part, and knows no no-op task: only this worker includes bench.noop.
4. Posts an announcement for the bench area as the bench lead, through the service
   (announcement_post: the fan-out task is enqueued on commit), then polls the database
   until every notification of it is sent. The time is from the post to the last e-mail
   sent (the rows' email_sent_at).
5. No-op tasks (bench.noop.bench_noop) through the same worker: first as many tasks as the
   broadcast went through (one fan-out and one delivery task per 50 e-mails), then N
   single tasks (one task per e-mail). Each time is from the first enqueue to the last
   task done (the result backend's date_done).

Then `broadcast N recipients delivered in X.X s (no-op: Y.Y s)`, Y being the time of as
many no-op tasks as the broadcast used: X close to Y means the broker and the worker's
per-task cost set the pace; X far above Y means the e-mails themselves (rendering, the
claims, SMTP) do. Then both rates, e-mails a second and single no-op tasks a second
through the same worker, and last `broadcast/no-op rate ratio: R.RR` (the goal: 0.50 or
more, an e-mail at half the cost of the cheapest task or better). Before those, what
publishing costs a request while the broker is out (refusing, or silent), when it finds
the outage and while the circuit breaker keeps it from trying (bench/broadcast/outage.py).

Bench data is recognisable by its e-mail domain (broadcast.bench.example.com: users and
companies' contact addresses), the bench-broadcast center and sectors. It stays afterwards
(seeding is the slow part); `--clear` removes it and exits.
"""

from django.core.management.base import BaseCommand, CommandError, no_translations
from django.db import connection

from bench.broadcast import outage, seed
from bench.broadcast.sink import MailSink
from bench.broadcast.timing import Timer
from bench.broadcast.worker import QUEUE, Worker, bench_queue, broker
from config.celery import app as celery_app


class Command(BaseCommand):
    help = (
        "Time an announcement to N company members, from the post to the last e-mail sent, "
        "with one prefork worker (concurrency 1) that the command starts on the configured "
        "broker and an SMTP sink on loopback; then, through the same worker, as many no-op "
        "tasks as the broadcast used (one fan-out plus one delivery per 50 e-mails) and N "
        "single no-op tasks. Then 'broadcast N recipients delivered in X.X s (no-op: Y.Y s)', "
        "Y for as many no-op tasks as the broadcast used, both rates, and last "
        "'broadcast/no-op rate ratio: R.RR', e-mails a second over single no-op tasks a "
        "second. Bench data stays; --clear removes it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--recipients", type=int, default=10_000, help="N (default 10000)")
        parser.add_argument(
            "--timeout",
            type=float,
            default=1800.0,
            help="give up a phase after this many seconds (default 1800)",
        )
        parser.add_argument(
            "--single-limit",
            type=float,
            default=300.0,
            help=(
                "skip the N single no-op tasks when the rate just measured says they would "
                "take longer than this many seconds (default 300; the filesystem broker "
                "runs about one task a second), and print the estimate instead"
            ),
        )
        parser.add_argument("--clear", action="store_true", help="remove the bench data, then exit")

    @no_translations
    def handle(self, *args, recipients, timeout, single_limit, clear, **options):
        if clear:
            seed.clear(self.stdout)
            return
        if recipients < 1:
            raise CommandError("--recipients must be at least 1.")
        if not celery_app.conf.result_backend:
            raise CommandError(
                "The no-op timings need a result backend: set CELERY_RESULT_BACKEND "
                "(Redis brokers use the broker's database by default)."
            )
        worker, sink = Worker(), None
        timer = Timer(self.stdout, worker, timeout=timeout)
        with bench_queue():
            try:
                center, lead, area = seed.seed(self.stdout, recipients)
                sink = MailSink()
                self.stdout.write(
                    f"Broker: {broker()} (queue {QUEUE}); database: {connection.vendor} "
                    f"{connection.settings_dict['NAME']}; e-mail: {sink.description}"
                )
                worker.start(self.stdout, sink.url)
                broadcast, tasks = timer.broadcast(
                    recipients, sink, center=center, lead=lead, area=area
                )
                same = timer.same_noops(tasks)
                noop_rate = timer.single_noops(
                    recipients, rate=tasks / max(same, 1e-3), limit=single_limit
                )
            finally:
                worker.stop()
                if sink is not None:
                    sink.stop()
        outage.measure(self.stdout)
        broadcast_rate = recipients / max(broadcast, 1e-3)
        self.stdout.write(
            f"broadcast {recipients} recipients delivered in {broadcast:.1f} s "
            f"(no-op: {same:.1f} s)"
        )
        self.stdout.write(
            f"broadcast rate: {broadcast_rate:,.0f} e-mails/s; no-op rate: {noop_rate:,.0f} "
            "tasks/s (one task per e-mail, the same worker)"
        )
        self.stdout.write(f"broadcast/no-op rate ratio: {broadcast_rate / noop_rate:.2f}")
