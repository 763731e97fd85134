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

The last line reads `broadcast N recipients delivered in X.X s (no-op: Y.Y s)`, Y being the
time of as many no-op tasks as the broadcast used: X close to Y means the broker and the
worker's per-task cost set the pace; X far above Y means the e-mails themselves (rendering,
the row locks, SMTP) do.

Bench data is recognisable by its e-mail domain (broadcast.bench.example.com: users and
companies' contact addresses), the bench-broadcast center and sectors. It stays afterwards
(seeding is the slow part); `--clear` removes it and exits.
"""

import datetime
import logging
import math
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

import environ
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError, no_translations
from django.db import connection, transaction
from django.db.models import Count, Max, Q
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from applicants.models import Company, CompanyMember, KoreanRegion
from applicants.validators import business_number_check_digit
from bench.noop import bench_noop
from centers.models import StaffAssignment, SupportCenter, TradeOfficial
from config.celery import app as celery_app
from notifications.models import EmailStatus, Notification
from notifications.services import BATCH
from outreach import services as announcements
from outreach.models import Announcement
from programs.models import CompanySize, Sector

DOMAIN = "broadcast.bench.example.com"
MEMBER_EMAIL = "member.{:07d}@" + DOMAIN
COMPANY_EMAIL = "company.{:07d}@" + DOMAIN
LEAD_EMAIL = "lead@" + DOMAIN
# Business numbers 99xxxxxxxc: no other seed (demo, bench_desk) uses that range.
BUSINESS_NUMBER_PREFIX = "99"
CENTER = "bench-broadcast"
AREA = "bench-broadcast"
INDUSTRY = "bench-broadcast-industry"
QUEUE = "bench-broadcast"
MEMBERS_PER_COMPANY = 2
SEED_BATCH = 5_000
POLL = 0.25


class _Sink:
    """An aiosmtpd handler that counts the messages and keeps none of them."""

    def __init__(self):
        self.messages = 0
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self._lock:
            self.messages += 1
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _rate(count: int, seconds: float) -> str:
    rate = count / seconds if seconds else float("inf")
    return f"{rate:,.1f}" if rate < 10 else f"{rate:,.0f}"


def _index(email: str) -> int:
    return int(email.split("@", 1)[0].rsplit(".", 1)[1])


class Command(BaseCommand):
    help = (
        "Time an announcement to N company members, from the post to the last e-mail sent, "
        "with one prefork worker (concurrency 1) that the command starts on the configured "
        "broker and an SMTP sink on loopback; then, through the same worker, as many no-op "
        "tasks as the broadcast used (one fan-out plus one delivery per 50 e-mails) and N "
        "single no-op tasks. The last line: 'broadcast N recipients delivered in X.X s "
        "(no-op: Y.Y s)', Y for as many no-op tasks as the broadcast used, so X/Y shows how "
        "far above the broker's and worker's own limit the broadcast runs. Bench data stays; "
        "--clear removes it."
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
            self.clear()
            return
        if recipients < 1:
            raise CommandError("--recipients must be at least 1.")
        if not celery_app.conf.result_backend:
            raise CommandError(
                "The no-op timings need a result backend: set CELERY_RESULT_BACKEND "
                "(Redis brokers use the broker's database by default)."
            )
        self.timeout = timeout
        self.worker = None
        saved = celery_app.conf.task_always_eager, celery_app.conf.task_default_queue
        # Built now, with the configured default queue: built after the switch below, the
        # app's queues would keep the bench queue as the only one a worker consumes.
        had_queue = QUEUE in celery_app.amqp.queues
        # A real broker and our worker whatever the environment says; our queue for what
        # this process enqueues (the worker is told the same on its command line).
        celery_app.conf.task_always_eager = False
        celery_app.conf.task_default_queue = QUEUE
        sink = None
        try:
            self.center, self.lead, self.area = self.seed(recipients)
            email_url, sink, describe_sink = self.start_sink()
            self.stdout.write(
                f"Broker: {self.broker()} (queue {QUEUE}); database: {connection.vendor} "
                f"{connection.settings_dict['NAME']}; e-mail: {describe_sink}"
            )
            self.start_worker(email_url)
            broadcast, tasks = self.broadcast(recipients, sink)
            same = self.noops(tasks)
            self.stdout.write(
                f"No-op: {tasks:,} tasks (as many as the broadcast's) in {same:.1f} s "
                f"({_rate(tasks, same)} tasks/s)"
            )
            self.single_noops(recipients, rate=tasks / max(same, 1e-3), limit=single_limit)
        finally:
            self.stop_worker()
            if sink is not None:
                sink.stop()
            celery_app.conf.task_always_eager, celery_app.conf.task_default_queue = saved
            if not had_queue:
                # Publishing added the bench queue to the app's: a worker started in this
                # process later (the test suite's) would consume it too.
                celery_app.amqp.queues.pop(QUEUE, None)
        self.stdout.write(
            f"broadcast {recipients} recipients delivered in {broadcast:.1f} s "
            f"(no-op: {same:.1f} s)"
        )

    # Seeding ------------------------------------------------------------------------------

    def seed(self, count: int):
        started = time.perf_counter()
        with transaction.atomic():
            area, _ = Sector.objects.get_or_create(
                code=AREA,
                defaults={"name_ko": "벤치마크 분야", "name_en": "Benchmark area", "position": 999},
            )
            industry, _ = Sector.objects.get_or_create(
                code=INDUSTRY,
                defaults={
                    "name_ko": "벤치마크 업종",
                    "name_en": "Benchmark industry",
                    "parent": area,
                    "position": 999,
                },
            )
            center, _ = SupportCenter.objects.update_or_create(
                code=CENTER,
                defaults={
                    "name_ko": "벤치마크 지원센터",
                    "name_en": "Benchmark Support Center",
                    "name_zh": "基准支援中心",
                    "city": "Shanghai",
                    "province": "CN-SH",
                    "status": SupportCenter.Status.OPEN,
                },
            )
            lead = self.seed_lead(center)
            # The previous run's broadcast: its rows would only slow the polling down.
            Notification.objects.filter(recipient__email__endswith="@" + DOMAIN).delete()
            Announcement.objects.filter(center=center).delete()
            created = self.seed_members(count, industry)
        companies = Company.objects.filter(contact_email__endswith="@" + DOMAIN).count()
        self.stdout.write(
            f"Seeding: {count:,} recipients in {companies:,} companies of the bench industry "
            f"({created:,} new) in {time.perf_counter() - started:.1f} s"
        )
        reached = announcements.recipients_of([area.pk]).count()
        if reached != count:
            raise CommandError(f"The bench area reaches {reached:,} people, not {count:,}.")
        return center, lead, area

    def seed_lead(self, center):
        user, created = User.objects.get_or_create(
            email=LEAD_EMAIL, defaults={"full_name": "Bench lead", "password": "!bench"}
        )
        if created:
            group = Group.objects.filter(name=Role.TRADE_OFFICIAL).first()
            if group:
                user.groups.add(group)
        official, _ = TradeOfficial.objects.get_or_create(user=user, defaults={"title": "lead"})
        if not StaffAssignment.objects.current().filter(official=official).exists():
            StaffAssignment.objects.create(
                official=official,
                center=center,
                role=StaffAssignment.Role.LEAD,
                starts_on=datetime.date(2023, 5, 1),
                reason="bench_broadcast",
            )
        return user

    def seed_members(self, count: int, industry) -> int:
        """Members 0..count-1, member i in company i // 2; returns how many were created."""
        wanted_companies = math.ceil(count / MEMBERS_PER_COMPANY)
        companies = {
            _index(email): pk
            for email, pk in Company.objects.filter(
                contact_email__endswith="@" + DOMAIN
            ).values_list("contact_email", "pk")
        }
        surplus = [pk for index, pk in companies.items() if index >= wanted_companies]
        for start in range(0, len(surplus), SEED_BATCH):
            Company.objects.filter(pk__in=surplus[start : start + SEED_BATCH]).delete()
        missing = [index for index in range(wanted_companies) if index not in companies]
        now = timezone.now()
        for start in range(0, len(missing), SEED_BATCH):
            rows = []
            for index in missing[start : start + SEED_BATCH]:
                nine = f"{BUSINESS_NUMBER_PREFIX}{index:07d}"
                rows.append(
                    Company(
                        business_number=nine + str(business_number_check_digit(nine)),
                        name_ko=f"벤치마크 수출기업 {index}",
                        name_en=f"Benchmark Exporter {index}",
                        representative="Bench",
                        size=CompanySize.SME,
                        region=KoreanRegion.SEOUL,
                        sector=industry,
                        contact_email=COMPANY_EMAIL.format(index),
                        created_at=now,
                    )
                )
            for company in Company.objects.bulk_create(rows):
                companies[_index(company.contact_email)] = company.pk

        members = User.objects.filter(email__endswith="@" + DOMAIN, email__startswith="member.")
        users = {_index(email): pk for email, pk in members.values_list("email", "pk")}
        surplus = [pk for index, pk in users.items() if index >= count]
        for start in range(0, len(surplus), SEED_BATCH):
            User.objects.filter(pk__in=surplus[start : start + SEED_BATCH]).delete()
        # A member whose membership went missing gets it back below.
        linked = set(
            CompanyMember.objects.filter(user__in=members).values_list("user_id", flat=True)
        )
        missing = [index for index in range(count) if index not in users]
        group = Group.objects.filter(name=Role.COMPANY_MEMBER).first()
        for start in range(0, len(missing), SEED_BATCH):
            rows = [
                User(
                    email=MEMBER_EMAIL.format(index),
                    full_name=f"Bench member {index}",
                    # One in five reads English: two renderings per notification, as in life.
                    language="en" if index % 5 == 4 else "ko",
                    password="!bench",  # unusable: nobody logs in as a bench member
                    email_verified_at=now,
                    date_joined=now,
                )
                for index in missing[start : start + SEED_BATCH]
            ]
            for user in User.objects.bulk_create(rows):
                users[_index(user.email)] = user.pk
            if group:
                User.groups.through.objects.bulk_create(
                    User.groups.through(user_id=user.pk, group_id=group.pk) for user in rows
                )
        memberships = [
            CompanyMember(
                company_id=companies[index // MEMBERS_PER_COMPANY],
                user_id=pk,
                role=CompanyMember.Role.OWNER
                if index % MEMBERS_PER_COMPANY == 0
                else CompanyMember.Role.MEMBER,
                joined_at=now,
            )
            for index, pk in users.items()
            if index < count and pk not in linked
        ]
        CompanyMember.objects.bulk_create(memberships, batch_size=SEED_BATCH)
        return len(missing)

    def clear(self):
        started = time.perf_counter()
        with transaction.atomic():
            Notification.objects.filter(recipient__email__endswith="@" + DOMAIN).delete()
            Announcement.objects.filter(center__code=CENTER).delete()
            companies = Company.objects.filter(contact_email__endswith="@" + DOMAIN)
            company_count = companies.count()
            companies.delete()
            StaffAssignment.objects.filter(official__user__email=LEAD_EMAIL).delete()
            TradeOfficial.objects.filter(user__email=LEAD_EMAIL).delete()
            users = User.objects.filter(email__endswith="@" + DOMAIN)
            user_count = users.count()
            users.delete()
            SupportCenter.objects.filter(code=CENTER).delete()
            Sector.objects.filter(code=INDUSTRY).delete()
            Sector.objects.filter(code=AREA).delete()
        self.stdout.write(
            f"Removed {user_count:,} bench users and {company_count:,} companies in "
            f"{time.perf_counter() - started:.1f} s."
        )

    # The sink and the worker ----------------------------------------------------------------

    def start_sink(self):
        try:
            from aiosmtpd.controller import Controller
        except ImportError:
            folder = Path(tempfile.mkdtemp(prefix="bench-broadcast-mail-"))
            self._mail_folder = folder
            return (
                f"filemail:///{folder}",  # four slashes: an absolute path
                None,
                f"aiosmtpd is not installed: files in {folder} (not SMTP; removed afterwards)",
            )
        self._mail_folder = None
        logging.getLogger("mail.log").setLevel(logging.WARNING)
        port = _free_port()
        sink = Controller(_Sink(), hostname="127.0.0.1", port=port)
        sink.start()
        return f"smtp://127.0.0.1:{port}", sink, f"SMTP sink on 127.0.0.1:{port} (aiosmtpd)"

    def broker(self) -> str:
        url = celery_app.conf.broker_url
        # Never print a password the URL may hold.
        scheme, _, rest = url.partition("://")
        return f"{scheme}://{rest.rsplit('@', 1)[1]}" if "@" in rest else url

    def database_url(self) -> str:
        """The database this process uses (a test database included), for the worker."""
        current = connection.settings_dict
        given = os.environ.get("DATABASE_URL")
        if given and environ.Env.db_url_config(given).get("NAME") == current["NAME"]:
            return given
        if connection.vendor == "sqlite":
            if "memory" in str(current["NAME"]) or not current["NAME"]:
                raise CommandError("The worker cannot share an in-memory SQLite database.")
            return f"sqlite:///{current['NAME']}"
        if connection.vendor != "postgresql":
            raise CommandError(f"Unsupported database for the worker: {connection.vendor}")
        user = quote(current["USER"] or "", safe="")
        password = f":{quote(current['PASSWORD'], safe='')}" if current["PASSWORD"] else ""
        port = f":{current['PORT']}" if current["PORT"] else ""
        return f"postgres://{user}{password}@{current['HOST'] or ''}{port}/{current['NAME']}"

    def purge(self) -> int:
        """Messages an interrupted earlier run left in the bench queue would skew the times."""
        with celery_app.connection_for_write() as conn:
            try:
                return conn.default_channel.queue_purge(QUEUE) or 0
            except Exception:  # the queue does not exist yet
                return 0

    def start_worker(self, email_url: str):
        purged = self.purge()
        if purged:
            self.stdout.write(f"Purged {purged:,} message(s) an earlier run left in {QUEUE}.")
        self.log = tempfile.NamedTemporaryFile(  # noqa: SIM115  closed in stop_worker
            prefix="bench-broadcast-worker-", suffix=".log", delete=False
        )
        env = {
            **os.environ,
            "DATABASE_URL": self.database_url(),
            "EMAIL_URL": email_url,
            "CELERY_TASK_ALWAYS_EAGER": "false",
        }
        command = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=prefork",
            "--concurrency=1",
            # The no-op task is this worker's alone: autodiscovery leaves bench.noop out.
            "--include",
            "bench.noop",
            "-Q",
            QUEUE,
            "-n",
            f"bench-broadcast-{os.getpid()}@%h",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=WARNING",
            # What the worker itself enqueues (the deliveries) goes to the bench queue too.
            "--",
            f"task_default_queue={QUEUE}",
        ]
        started = time.perf_counter()
        # A session of its own: stop_worker can end the worker and its pool child together.
        self.worker = subprocess.Popen(
            command,
            cwd=settings.BASE_DIR,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        # The first task done is the sign that the worker is up and consuming.
        self.wait_for([bench_noop.apply_async()], limit=120)
        self.stdout.write(
            f"Worker: pid {self.worker.pid}, prefork, concurrency 1, same settings; ready in "
            f"{time.perf_counter() - started:.1f} s"
        )

    def check_worker(self):
        if self.worker is not None and self.worker.poll() is not None:
            raise CommandError(
                f"The worker stopped (exit code {self.worker.returncode}):\n{self.log_tail()}"
            )

    def log_tail(self) -> str:
        try:
            return Path(self.log.name).read_text(errors="replace")[-3000:]
        except OSError:
            return ""

    def stop_worker(self):
        if self.worker is not None and self.worker.poll() is None:
            self.worker.send_signal(signal.SIGTERM)  # warm shutdown: the current task ends
            try:
                self.worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.worker.pid, signal.SIGKILL)
                self.worker.wait()
        if getattr(self, "log", None) is not None:
            self.log.close()
            os.unlink(self.log.name)
            self.log = None
        if getattr(self, "_mail_folder", None) is not None:
            shutil.rmtree(self._mail_folder, ignore_errors=True)

    # Measuring ------------------------------------------------------------------------------

    def broadcast(self, count: int, sink) -> tuple[float, int]:
        """Post, wait until every e-mail is sent; (seconds, tasks the broadcast used)."""
        started = timezone.now()
        announcement = announcements.announcement_post(
            center=self.center,
            by=self.lead,
            title="Bench: buyers' meeting",
            body="A benchmark announcement.",
            sectors=[self.area],
        )
        rows = Notification.objects.filter(dedupe_key=announcements.dedupe_key(announcement.pk))
        deadline = time.monotonic() + self.timeout
        shown = time.monotonic()
        while True:
            self.check_worker()
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
                    f"{state['total']:,} sent.\n{self.log_tail()}"
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
                f"failed.\n{self.log_tail()}"
            )
        elapsed = (state["last"] - started).total_seconds()
        fan_out = (fanned_out_at - announcement.created_at).total_seconds()
        deliveries = sum(
            math.ceil(min(announcements.FAN_OUT_BATCH, count - start) / BATCH)
            for start in range(0, count, announcements.FAN_OUT_BATCH)
        )
        received = f"; the sink received {sink.handler.messages:,}" if sink else ""
        self.stdout.write(
            f"Broadcast: {count:,} notifications written by the fan-out in {fan_out:.1f} s; "
            f"{state['sent']:,} e-mails sent{received}; {1 + deliveries:,} tasks (1 fan-out, "
            f"{deliveries:,} deliveries of up to {BATCH}); {_rate(count, elapsed)} e-mails/s"
        )
        return elapsed, 1 + deliveries

    def single_noops(self, count: int, *, rate: float, limit: float) -> None:
        estimate = count / rate
        if estimate > limit:
            self.stdout.write(
                f"No-op: {count:,} single tasks (one per e-mail) not run: about "
                f"{estimate:,.0f} s at the {rate:,.1f} tasks/s just measured (over "
                f"--single-limit {limit:.0f} s)"
            )
            return
        single = self.noops(count)
        self.stdout.write(
            f"No-op: {count:,} single tasks (one per e-mail) in {single:.1f} s "
            f"({_rate(count, single)} tasks/s)"
        )

    def noops(self, count: int) -> float:
        """Seconds from the first enqueue of `count` no-op tasks to the last one done."""
        started = datetime.datetime.now(datetime.UTC)
        with celery_app.producer_or_acquire() as producer:
            results = [bench_noop.apply_async(producer=producer) for _ in range(count)]
        self.wait_for(results, limit=self.timeout)
        done = []
        for result in results:
            moment = result.date_done
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=datetime.UTC)
            done.append(moment)
        return (max(done) - started).total_seconds()

    def wait_for(self, results, *, limit: float):
        """Until every result is ready. One worker process runs them in the order sent, so
        the last one is watched, then the rest checked in one pass."""
        deadline = time.monotonic() + limit
        pending = list(results)
        while True:
            self.check_worker()
            if results[-1].ready():
                pending = [result for result in pending if not result.ready()]
                if not pending:
                    break
            if time.monotonic() > deadline:
                raise CommandError(
                    f"{len(pending):,} task(s) not done after {limit:.0f} s.\n{self.log_tail()}"
                )
            time.sleep(POLL)
        for result in results:
            if result.failed():
                raise CommandError(f"A no-op task failed: {result.result!r}")
