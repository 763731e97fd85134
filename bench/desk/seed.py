"""Step 1 of bench_desk: N bench cases in the database, once; and --clear."""

import io
import math
import time

from django.core.management import call_command
from django.db import connection, transaction

from accounts.models import User
from applicants.models import Company
from bench.desk import bulk
from bench.desk.data import (
    BENCH_COMPANY_DOMAIN,
    BENCH_LOADER,
    BENCH_OFFICIAL_PREFIX,
    CASES_PER_COMPANY,
)
from bench.desk.generate import CaseGenerator
from cases.models import Case
from centers.models import StaffAssignment, SupportCenter, TradeOfficial
from programs.models import Program

BATCH = 50_000


def ensure_demo(stdout):
    if not (SupportCenter.objects.exists() and Program.objects.exists()):
        stdout.write("No demo catalog and centers yet: running seed_demo.")
        call_command("seed_demo", stdout=io.StringIO())


def bench_loader() -> User:
    user, created = User.objects.get_or_create(
        email=BENCH_LOADER,
        defaults={"full_name": "Bench data loader", "is_active": False},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def bench_cases():
    return Case.objects.filter(created_by__email=BENCH_LOADER)


def seed(stdout, wanted: int, *, rng, today):
    loader = bench_loader()
    have = Case.objects.filter(created_by=loader).count()
    if have >= wanted:
        stdout.write(f"Seeding: skipped, the database holds {have:,} bench cases.")
        return
    started = time.perf_counter()
    adding = wanted - have
    companies = max(1, math.ceil(adding / CASES_PER_COMPANY))
    stdout.write(f"Seeding {adding:,} cases of {companies:,} new companies...")
    generator = CaseGenerator(rng=rng, today=today)
    company_rows = generator.make_companies(companies)
    bulk.insert(Company, company_rows["rows"], company_rows["items"])
    stdout.write(f"  {companies:,} companies in {time.perf_counter() - started:.1f} s")
    plan = generator.plan_cases(adding, company_rows)
    first_id = bulk.reserve_ids(Case, adding)
    for done in range(0, adding, BATCH):
        rows, items = generator.make_cases(
            plan[done : done + BATCH], company_rows, first_id + done, loader_id=loader.pk
        )
        bulk.insert(Case, rows, items)
        stdout.write(
            f"  {done + len(rows):,}/{adding:,} cases, {time.perf_counter() - started:.1f} s"
        )
    if connection.vendor == "postgresql":
        bulk.analyze(stdout)
    stdout.write(f"Seeding time: {time.perf_counter() - started:.1f} s")


def clear(stdout):
    started = time.perf_counter()
    total = bulk.delete_in_batches(bench_cases())
    company_count = bulk.delete_in_batches(
        Company.objects.filter(contact_email__endswith=BENCH_COMPANY_DOMAIN)
    )
    users = User.objects.filter(email__startswith=BENCH_OFFICIAL_PREFIX)
    with transaction.atomic():
        StaffAssignment.objects.filter(official__user__in=users).delete()
        TradeOfficial.objects.filter(user__in=users).delete()
        officials = users.count()
        users.delete()
        User.objects.filter(email=BENCH_LOADER).delete()
    stdout.write(
        f"Removed {total:,} bench cases, {company_count:,} companies and {officials} "
        f"officials in {time.perf_counter() - started:.1f} s."
    )
