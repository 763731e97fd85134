"""Benchmark the officials' triage desk against the Django admin on a large data set.

    python manage.py bench_desk --cases 100000 [--repeat 30]
        [--concurrency 20 --duration 30 [--think 2]]

1. Seeds the configured database with N realistic submitted cases (N/10 companies), once:
   when it already holds N bench cases it skips seeding, and with fewer it adds the rest.
   On PostgreSQL the rows go in with COPY, then the tables are ANALYZEd.
2. Times, with Django's test client, the desk queue (first page, a filtered page, a search,
   a page about 20 "next" links deep) as the lead of the busiest center and as an
   administrator, and the admin changelist of cases (first page, comparable filters, the
   same search) as the administrator: median and 95th percentile over --repeat runs after
   two warm-up runs, and the SQL queries of one request.
3. With --concurrency C --duration S: serves the site with gunicorn on a free loopback port
   (one worker per CPU, the same environment), logs in C officials and loads the queue's
   first page with C concurrent clients for S seconds. It uses `wrk` when it is installed
   (Debian/Ubuntu: `apt-get install -y wrk`), else a Python thread-pool client; both report
   requests/s, p50, p95, p99 and errors. With --think T each official reads a page for T
   seconds on average before the next (Python client); without it nobody pauses, which
   measures the server's capacity rather than a working day.

It also times the floor (desk/floor.py): the same request and the same query for the
same 50 rows, printed by a minimal template with no filter form and no layout.

The last two lines of the output are `desk/admin p50 ratio: X.XX` (the desk's first page
over the admin changelist's, both as the administrator) and `desk/floor p50 ratio: X.XX`
(the desk's first page over the floor, as the administrator).

The bench data stays in the database (seeding a million cases takes minutes): bench cases
are the ones created by bench.loader@example.com, bench companies have an e-mail address at
bench.example.com, bench officials are bench.official.NN@example.com. `--clear` removes
them all and exits.
"""

import os
import random

from django.core.management.base import BaseCommand, CommandError, no_translations
from django.db import connection

from bench.desk import load, seed, timing
from cases import sla


class Command(BaseCommand):
    help = (
        "Seed N realistic cases (once) and time the triage desk against the Django admin; "
        "with --concurrency, load-test the desk under gunicorn (with wrk when installed: "
        "apt-get install -y wrk; else a Python client). Bench data stays; --clear removes it."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--cases", type=int, default=100_000, help="bench cases to have in the database"
        )
        parser.add_argument(
            "--repeat", type=int, default=30, help="timed runs per page (after 2 warm-ups)"
        )
        parser.add_argument(
            "--keep",
            action="store_true",
            help="keep the bench data afterwards (the default: use --clear to remove it)",
        )
        parser.add_argument(
            "--clear", action="store_true", help="remove every bench row, then exit"
        )
        parser.add_argument(
            "--concurrency",
            type=int,
            default=0,
            help="load-test the queue with this many officials at once under gunicorn",
        )
        parser.add_argument("--duration", type=int, default=30, help="load test seconds")
        parser.add_argument(
            "--think",
            type=float,
            default=0,
            help="seconds an official reads a page before the next, on average (uniform over "
            "half to one and a half times it); 0, the default: no pause at all",
        )
        parser.add_argument(
            "--workers", type=int, default=0, help="gunicorn workers (default: CPU count)"
        )
        parser.add_argument(
            "--load-tool",
            choices=["auto", "wrk", "python"],
            default="auto",
            help="auto: wrk when installed, else the Python client",
        )
        parser.add_argument(
            "--search",
            nargs="+",
            default=["한빛배", "배터리"],
            help="search texts, parts of company names (default: a rare one and a common one)",
        )
        parser.add_argument("--seed", type=int, default=20230517, help="random seed")

    @no_translations
    def handle(self, *args, **options):
        if options["clear"]:
            seed.clear(self.stdout)
            return
        if options["cases"] < 1 or options["repeat"] < 1:
            raise CommandError("--cases and --repeat must be at least 1.")
        rng = random.Random(options["seed"])
        today = sla.today()
        self.stdout.write(
            f"Database: {connection.vendor} {connection.settings_dict.get('NAME')}; "
            f"CPUs: {os.cpu_count()}"
        )
        seed.ensure_demo(self.stdout)
        seed.seed(self.stdout, options["cases"], rng=rng, today=today)
        center = timing.describe(self.stdout)
        admin_ratio, floor_ratio = timing.measure(
            self.stdout,
            center=center,
            today=today,
            repeat=options["repeat"],
            search=options["search"],
        )
        if options["concurrency"]:
            load.load_test(
                self.stdout,
                concurrency=options["concurrency"],
                duration=options["duration"],
                workers=options["workers"] or os.cpu_count() or 1,
                tool=options["load_tool"],
                think=options["think"],
                rng=rng,
                today=today,
            )
        self.stdout.write(f"desk/admin p50 ratio: {admin_ratio:.2f}")
        self.stdout.write(f"desk/floor p50 ratio: {floor_ratio:.2f}")
