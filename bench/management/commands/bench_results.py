"""Time the program-results pages on the bench_desk data set.

    python manage.py bench_results [--cases 100000] [--repeat 20]

Seeds the bench cases as bench_desk does (once; `bench_desk --clear` removes them), then
times with Django's test client the administrators' results page (every center) and the
desk's (the busiest center's lead) for the default period, the twelve months up to
today, and one table's CSV: the median and 95th percentile over --repeat runs after two
warm-ups, and the SQL queries of one request.
"""

import os
import random
import statistics
import time

from django.core.management.base import BaseCommand, CommandError, no_translations
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench.desk import seed, timing
from bench.desk.sessions import signed_in_client
from cases import sla

WARM_UP = 2


class Command(BaseCommand):
    help = "Seed N bench cases (once) and time the program-results pages."

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, default=100_000)
        parser.add_argument("--repeat", type=int, default=20)
        parser.add_argument("--seed", type=int, default=20230517, help="random seed")

    @no_translations
    def handle(self, *args, **options):
        if options["cases"] < 1 or options["repeat"] < 1:
            raise CommandError("--cases and --repeat must be at least 1.")
        self.stdout.write(
            f"Database: {connection.vendor} {connection.settings_dict.get('NAME')}; "
            f"CPUs: {os.cpu_count()}"
        )
        seed.ensure_demo(self.stdout)
        seed.seed(
            self.stdout, options["cases"], rng=random.Random(options["seed"]), today=sla.today()
        )
        center = timing.describe(self.stdout)
        lead, administrator = timing.users(center)
        host = timing.client_host()
        admin_client = signed_in_client(administrator, host)
        lead_client = signed_in_client(lead.official.user, host)
        plan = [
            ("results, all centers", admin_client, reverse("staffing:results")),
            ("results, one center", lead_client, reverse("desk:results")),
            ("CSV per program", admin_client, reverse("staffing:results") + "?csv=program"),
        ]
        header = f"{'page':<22} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}"
        self.stdout.write(f"\nOver {options['repeat']} runs after {WARM_UP} warm-ups (ms)")
        self.stdout.write(header + "\n" + "-" * len(header))
        for label, client, url in plan:
            times = []
            for run in range(WARM_UP + options["repeat"]):
                with CaptureQueriesContext(connection) as queries:
                    began = time.perf_counter()
                    response = client.get(url)
                    elapsed = (time.perf_counter() - began) * 1000
                if response.status_code != 200:
                    raise CommandError(f"{url} answered {response.status_code}")
                if run >= WARM_UP:
                    times.append(elapsed)
            self.stdout.write(
                f"{label:<22} {statistics.median(times):>8.1f} "
                f"{timing.percentile(times, 95):>8.1f} {len(queries):>8}"
            )
