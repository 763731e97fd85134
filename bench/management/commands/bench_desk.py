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

The last line of the output is `desk/admin p50 ratio: X.XX` (the desk's first page over the
admin changelist's, both as the administrator).

The bench data stays in the database (seeding a million cases takes minutes): bench cases
are the ones created by bench.loader@example.com, bench companies have an e-mail address at
bench.example.com, bench officials are bench.official.NN@example.com. `--clear` removes
them all and exits.
"""

import datetime
import functools
import html
import http.client
import io
import math
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, no_translations
from django.db import connection, models, transaction
from django.db.models import Count
from django.http.request import validate_host
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from applicants.models import Company, KoreanRegion
from applicants.validators import business_number_check_digit
from cases import priority, sla
from cases.models import OPEN_STATES, Case, CaseState
from centers.models import CenterProvince, StaffAssignment, SupportCenter, TradeOfficial
from programs.models import CompanySize, Program, PromisingItem, Sector

BENCH_LOADER = "bench.loader@example.com"
BENCH_COMPANY_DOMAIN = "@bench.example.com"
BENCH_OFFICIAL = "bench.official.{:02d}@example.com"
BENCH_OFFICIAL_PREFIX = "bench.official."
CASES_PER_COMPANY = 10
BATCH = 50_000
WARM_UP = 2
DEEP_PAGES = 20
SEOUL = ZoneInfo("Asia/Seoul")

# Company names: a two-syllable brand, a word of the company's industry, a legal form.
FIRST = [
    ("한", "Han"), ("서", "Seo"), ("누", "Nu"), ("바", "Ba"), ("청", "Cheong"), ("다", "Da"),
    ("대", "Dae"), ("미", "Mi"), ("세", "Se"), ("동", "Dong"), ("태", "Tae"), ("푸", "Pu"),
    ("새", "Sae"), ("가", "Ga"), ("아", "A"), ("하", "Ha"), ("으", "Eu"), ("온", "On"),
    ("금", "Geum"), ("은", "Eun"), ("해", "Hae"), ("달", "Dal"), ("별", "Byeol"), ("솔", "Sol"),
    ("빛", "Bit"), ("길", "Gil"), ("늘", "Neul"), ("찬", "Chan"), ("큰", "Keun"), ("참", "Cham"),
    ("우", "U"), ("진", "Jin"), ("성", "Seong"), ("신", "Sin"), ("일", "Il"), ("정", "Jeong"),
]  # fmt: skip
SECOND = [
    ("빛", "bit"), ("해", "hae"), ("리", "ri"), ("람", "ram"), ("솔", "sol"), ("온", "on"),
    ("한", "han"), ("래", "rae"), ("종", "jong"), ("방", "bang"), ("양", "yang"), ("른", "reun"),
    ("롬", "rom"), ("름", "reum"), ("늘", "neul"), ("뜸", "tteum"), ("강", "gang"), ("성", "seong"),
    ("진", "jin"), ("우", "u"), ("결", "gyeol"), ("담", "dam"), ("샘", "saem"), ("숲", "sup"),
    ("별", "byeol"), ("나", "na"), ("마", "ma"), ("원", "won"), ("산", "san"), ("아", "a"),
]  # fmt: skip
INDUSTRY_WORDS = {
    "secondary-batteries": [("배터리", "Battery"), ("셀텍", "Celltech"), ("에너지", "Energy")],
    "electric-vehicles": [("모빌리티", "Mobility"), ("모터스", "Motors"), ("이브이", "EV")],
    "semiconductors": [("반도체", "Semiconductor"), ("실리콘", "Silicon"), ("칩스", "Chips")],
    "displays": [("디스플레이", "Display"), ("옵틱스", "Optics")],
    "bio-health": [("바이오", "Bio"), ("제약", "Pharmaceutical"), ("메디칼", "Medical")],
    "cosmetics": [("코스메틱", "Cosmetics"), ("뷰티", "Beauty")],
    "food": [("식품", "Foods"), ("푸드", "Food"), ("수산", "Fisheries")],
    "fashion": [("패션", "Fashion"), ("어패럴", "Apparel")],
    "household-goods": [("리빙", "Living"), ("생활건강", "Household")],
    "games": [("게임즈", "Games"), ("엔터테인먼트", "Entertainment")],
    "content": [("미디어", "Media"), ("콘텐츠", "Contents")],
    "software": [("소프트", "Soft"), ("시스템즈", "Systems"), ("테크", "Tech")],
    "solar": [("솔라", "Solar"), ("태양광", "Solar Power")],
    "wind": [("풍력", "Wind Power"), ("윈드", "Wind")],
    "hydrogen": [("수소", "Hydrogen"), ("퓨얼셀", "Fuel Cell")],
    "steel": [("철강", "Steel"), ("스틸", "Steel"), ("금속", "Metal")],
    "petrochemicals": [("화학", "Chemical"), ("케미칼", "Chemical")],
    "machinery": [("기계", "Machinery"), ("로보틱스", "Robotics"), ("정밀", "Precision")],
}  # fmt: skip
GENERIC_WORDS = [("산업", "Industries"), ("무역", "Trading"), ("상사", "Trading")]
SECTOR_WEIGHTS = {
    "secondary-batteries": 6, "electric-vehicles": 5, "semiconductors": 6, "displays": 3,
    "bio-health": 4, "cosmetics": 9, "food": 10, "fashion": 6, "household-goods": 6,
    "games": 5, "content": 4, "software": 5, "solar": 3, "wind": 2, "hydrogen": 2,
    "steel": 4, "petrochemicals": 4, "machinery": 6,
}  # fmt: skip
SURNAMES = "김이박최정강조윤장임한오서신권황안송류전"
GIVEN = [
    "민준", "서연", "지훈", "수아", "도윤", "하은", "예준", "지우", "시우", "서윤", "주원",
    "지민", "현우", "채원", "민재", "다인", "정호", "소영", "태현", "영수", "미경", "우성",
    "상철", "가영", "성민", "은지", "재현", "혜진",
]  # fmt: skip
REGION_WEIGHTS = {
    KoreanRegion.GYEONGGI: 25, KoreanRegion.SEOUL: 20, KoreanRegion.INCHEON: 6,
    KoreanRegion.BUSAN: 6, KoreanRegion.GYEONGNAM: 7, KoreanRegion.GYEONGBUK: 6,
    KoreanRegion.CHUNGNAM: 6, KoreanRegion.CHUNGBUK: 5, KoreanRegion.DAEGU: 4,
    KoreanRegion.ULSAN: 4, KoreanRegion.DAEJEON: 3, KoreanRegion.GWANGJU: 2,
    KoreanRegion.JEONBUK: 2, KoreanRegion.JEONNAM: 2, KoreanRegion.GANGWON: 1,
    KoreanRegion.SEJONG: 1, KoreanRegion.JEJU: 1,
}  # fmt: skip
# Where in China the cases aim: the big export markets first.
PROVINCE_WEIGHTS = {
    "CN-SH": 14, "CN-GD": 13, "CN-JS": 10, "CN-ZJ": 8, "CN-SD": 8, "CN-BJ": 8, "CN-TJ": 3,
    "CN-LN": 4, "CN-SC": 5, "CN-CQ": 3, "CN-HB": 4, "CN-FJ": 3, "CN-HE": 2, "CN-AH": 2,
    "CN-HA": 2, "CN-HN": 2, "CN-SN": 2, "CN-JL": 1, "CN-HL": 1, "CN-GX": 1, "CN-YN": 1,
    "CN-JX": 1, "CN-SX": 1,
}  # fmt: skip
CITIES = {
    "CN-SH": "Shanghai", "CN-GD": "Guangzhou", "CN-JS": "Suzhou", "CN-ZJ": "Hangzhou",
    "CN-SD": "Qingdao", "CN-BJ": "Beijing", "CN-TJ": "Tianjin", "CN-LN": "Shenyang",
    "CN-SC": "Chengdu", "CN-CQ": "Chongqing", "CN-HB": "Wuhan", "CN-FJ": "Xiamen",
    "CN-HE": "Shijiazhuang", "CN-AH": "Hefei", "CN-HA": "Zhengzhou", "CN-HN": "Changsha",
    "CN-SN": "Xi'an", "CN-JL": "Changchun", "CN-HL": "Harbin", "CN-GX": "Nanning",
    "CN-YN": "Kunming", "CN-JX": "Nanchang", "CN-SX": "Taiyuan",
}  # fmt: skip
PROGRAM_WEIGHTS = {
    "china-export-guarantee": 30, "new-industry-financing": 20, "consumer-goods-marketing": 20,
    "digital-green-voucher": 10, "reshoring-relocation": 6, "spring-fair-support": 14,
}  # fmt: skip
PURPOSES = [
    "{city} 바이어와 맺은 공급 계약의 생산 운전자금입니다.",
    "{city} 전시회 참가와 현지 온라인 플랫폼 입점 비용입니다.",
    "{city} 유통사 신규 수주에 대한 수출보증이 필요합니다.",
    "{city} 공장 설비를 국내로 옮기는 이전 비용입니다.",
    "{city} 고객사 증량 주문에 대응하는 원자재 구매 자금입니다.",
]
# Of the cases, the share still open, and how the open and the decided ones divide.
OPEN_SHARE = 0.2
OPEN_MIX = {
    CaseState.SUBMITTED: 30,
    CaseState.IN_REVIEW: 40,
    CaseState.INFO_REQUESTED: 18,
    CaseState.RECOMMENDED: 12,
}
DECIDED_MIX = {
    CaseState.APPROVED: 45,
    CaseState.REJECTED: 35,
    CaseState.WITHDRAWN: 10,
    CaseState.CLOSED: 10,
}
REJECTIONS = ["not_eligible", "incomplete", "not_viable", "budget", "duplicate"]


def _weighted(mapping):
    return list(mapping), list(mapping.values())


def _delete_in_batches(queryset, size: int = 20_000) -> int:
    """Delete the rows in transactions of `size`, so a million never sit in one."""
    deleted = 0
    while ids := list(queryset.order_by("pk").values_list("pk", flat=True)[:size]):
        with transaction.atomic():
            queryset.model.objects.filter(pk__in=ids).delete()
        deleted += len(ids)
    return deleted


def _percentile(values, percent):
    """Nearest rank: the smallest value with `percent` of the values at or below it."""
    ordered = sorted(values)
    rank = max(1, math.ceil(percent / 100 * len(ordered)))
    return ordered[rank - 1]


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
            self.clear()
            return
        if options["cases"] < 1 or options["repeat"] < 1:
            raise CommandError("--cases and --repeat must be at least 1.")
        self.rng = random.Random(options["seed"])
        self.today = sla.today()
        self.stdout.write(
            f"Database: {connection.vendor} {connection.settings_dict.get('NAME')}; "
            f"CPUs: {os.cpu_count()}"
        )
        self.ensure_demo()
        self.seed(options["cases"])
        self.describe()
        ratio = self.measure(options["repeat"], options["search"])
        if options["concurrency"]:
            self.load_test(
                options["concurrency"],
                options["duration"],
                options["workers"] or os.cpu_count() or 1,
                options["load_tool"],
                options["think"],
            )
        self.stdout.write(f"desk/admin p50 ratio: {ratio:.2f}")

    # Seeding ----------------------------------------------------------------------------

    def ensure_demo(self):
        if not (SupportCenter.objects.exists() and Program.objects.exists()):
            self.stdout.write("No demo catalog and centers yet: running seed_demo.")
            call_command("seed_demo", stdout=io.StringIO())

    def loader(self) -> User:
        user, created = User.objects.get_or_create(
            email=BENCH_LOADER,
            defaults={"full_name": "Bench data loader", "is_active": False},
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        return user

    def bench_cases(self):
        return Case.objects.filter(created_by__email=BENCH_LOADER)

    def seed(self, wanted: int):
        loader = self.loader()
        have = Case.objects.filter(created_by=loader).count()
        if have >= wanted:
            self.stdout.write(f"Seeding: skipped, the database holds {have:,} bench cases.")
            return
        started = time.perf_counter()
        adding = wanted - have
        companies = max(1, math.ceil(adding / CASES_PER_COMPANY))
        self.stdout.write(f"Seeding {adding:,} cases of {companies:,} new companies...")
        self.load_world()
        company_rows = self.make_companies(companies)
        self.insert(Company, company_rows["rows"], company_rows["items"])
        self.stdout.write(f"  {companies:,} companies in {time.perf_counter() - started:.1f} s")
        plan = self.plan_cases(adding, company_rows)
        first_id = self.reserve_ids(Case, adding)
        for done in range(0, adding, BATCH):
            rows, items = self.make_cases(
                plan[done : done + BATCH], company_rows, first_id + done, loader_id=loader.pk
            )
            self.insert(Case, rows, items)
            self.stdout.write(
                f"  {done + len(rows):,}/{adding:,} cases, {time.perf_counter() - started:.1f} s"
            )
        if connection.vendor == "postgresql":
            self.analyze()
        self.stdout.write(f"Seeding time: {time.perf_counter() - started:.1f} s")

    def analyze(self):
        """Fresh statistics for the planner; VACUUM too when it may run (not inside a
        transaction, as in a test): it empties the trigram indexes' pending lists, which a
        bulk load fills and every search would otherwise read through."""
        started = time.perf_counter()
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
        tables = [
            Case._meta.db_table,
            Case.export_items.through._meta.db_table,
            Company._meta.db_table,
            Company.promising_items.through._meta.db_table,
        ]
        with connection.cursor() as cursor:
            for table in tables:
                cursor.execute(f"{command} {connection.ops.quote_name(table)}")
        self.stdout.write(f"  {command} in {time.perf_counter() - started:.1f} s")

    def load_world(self):
        self.programs = list(Program.objects.prefetch_related("sectors"))
        self.sectors = {sector.pk: sector for sector in Sector.objects.all()}
        industries = [s for s in self.sectors.values() if s.parent_id is not None]
        self.industries = industries or list(self.sectors.values())
        self.items_by_sector = {}
        for item in PromisingItem.objects.all():
            self.items_by_sector.setdefault(item.sector_id, []).append(item.pk)
        centers = {center.pk: center for center in SupportCenter.objects.all()}
        headquarters = next((c.pk for c in centers.values() if c.is_headquarters), None)
        self.center_of = dict(
            CenterProvince.objects.filter(is_active=True).values_list("province", "center_id")
        )
        self.headquarters = headquarters or next(iter(centers))
        self.staff = {}
        assignments = StaffAssignment.objects.current().filter(official__is_active=True)
        for official_id, user_id, center_id, role in assignments.values_list(
            "official_id", "official__user_id", "center_id", "role"
        ):
            self.staff.setdefault(center_id, []).append((official_id, user_id, role))
        self.administrator_id = (
            User.objects.filter(groups__name=Role.ADMINISTRATOR.value)
            .order_by("pk")
            .values_list("pk", flat=True)
            .first()
        )
        # sla's own deadlines, remembered per (day, days): it walks the calendar, and the
        # cases share a few hundred submission days and a handful of SLAs.
        self.add_business_days = functools.cache(sla.add_business_days)

    def reserve_ids(self, model, count: int) -> int:
        """The first of `count` consecutive ids nobody else will take."""
        table = model._meta.db_table
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
                sequence = cursor.fetchone()[0]
                cursor.execute(
                    f"SELECT GREATEST((SELECT COALESCE(MAX(id), 0) FROM {table}), "
                    f"(SELECT last_value FROM {sequence}))"
                )
                last = cursor.fetchone()[0]
                cursor.execute("SELECT setval(%s, %s)", [sequence, last + count])
                return last + 1
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
            return cursor.fetchone()[0] + 1

    def make_companies(self, count: int) -> dict:
        rng = self.rng
        taken = set(Company.objects.values_list("business_number", flat=True))
        first_id = self.reserve_ids(Company, count)
        regions, region_weights = _weighted(REGION_WEIGHTS)
        industry_weights = [SECTOR_WEIGHTS.get(s.code, 2) for s in self.industries]
        now = timezone.now()
        rows, items, profiles = [], [], []
        for n in range(count):
            while True:
                # Tax office, then the corporation codes (81, 86, 87, 88), then a serial.
                office, kind = rng.randint(101, 899), rng.choice(["81", "86", "87", "88"])
                nine = f"{office}{kind}{rng.randint(0, 9999):04d}"
                number = nine + str(business_number_check_digit(nine))
                if number not in taken:
                    taken.add(number)
                    break
            sector = rng.choices(self.industries, industry_weights)[0]
            (first_ko, first_en), (second_ko, second_en) = rng.choice(FIRST), rng.choice(SECOND)
            word_ko, word_en = rng.choice(INDUSTRY_WORDS.get(sector.code, GENERIC_WORDS))
            brand_ko, brand_en = first_ko + second_ko, first_en + second_en
            form = rng.random()
            if form < 0.7:
                name_ko, name_en = (
                    f"{brand_ko}{word_ko} 주식회사",
                    f"{brand_en} {word_en} Co., Ltd.",
                )
            elif form < 0.9:
                name_ko, name_en = f"(주){brand_ko}{word_ko}", f"{brand_en} {word_en} Inc."
            else:
                name_ko, name_en = f"{brand_ko}{word_ko}", f"{brand_en} {word_en} Corp."
            size = rng.choices(
                [CompanySize.SME, CompanySize.MIDDLE_MARKET, CompanySize.LARGE], [72, 20, 8]
            )[0]
            employees = {
                CompanySize.SME: (5, 300),
                CompanySize.MIDDLE_MARKET: (300, 1000),
                CompanySize.LARGE: (1000, 20000),
            }[size]
            last_year = Decimal(round(rng.lognormvariate(13.5, 1.3), 2)).quantize(Decimal("0.01"))
            pace = Decimal(str(round(rng.uniform(0.35, 1.25), 2)))
            elapsed = Decimal(self.today.timetuple().tm_yday) / Decimal(365)
            this_year = (last_year * pace * elapsed).quantize(Decimal("0.01"))
            pk = first_id + n
            rows.append(
                {
                    "id": pk,
                    "business_number": number,
                    "name_ko": name_ko,
                    "name_en": name_en,
                    "representative": rng.choice(SURNAMES) + rng.choice(GIVEN),
                    "size": size.value,
                    "region": rng.choices(regions, region_weights)[0].value,
                    "sector_id": sector.pk,
                    "exports_to_china_last_year": last_year,
                    "exports_to_china_this_year": this_year,
                    "employees": rng.randint(*employees),
                    "contact_email": f"export{pk}{BENCH_COMPANY_DOMAIN}",
                    "contact_phone": f"0{rng.randint(2, 64)}-{rng.randint(200, 9999)}-"
                    f"{rng.randint(0, 9999):04d}",
                    "created_at": now - datetime.timedelta(days=rng.randint(800, 4000)),
                }
            )
            candidates = self.items_by_sector.get(sector.pk, [])
            chosen = rng.sample(candidates, min(len(candidates), rng.choice([0, 1, 1, 2])))
            items.extend({"company_id": pk, "promisingitem_id": item} for item in chosen)
            parent = self.sectors.get(sector.parent_id) if sector.parent_id else sector
            profiles.append(
                {
                    "items": chosen,
                    # What cases.priority.parts reads of the company.
                    "sector": sector,
                    "fall": priority.export_fall(last_year, this_year, self.today),
                    "is_sme": size == CompanySize.SME,
                    "area": parent.pk if parent else sector.pk,
                }
            )
        return {"rows": rows, "items": items, "profiles": profiles}

    def programs_for(self, area_id: int):
        programs = [
            p
            for p in self.programs
            if not p.sectors.all() or area_id in {s.pk for s in p.sectors.all()}
        ] or self.programs
        return programs, [PROGRAM_WEIGHTS.get(p.code, 5) for p in programs]

    def plan_cases(self, count: int, companies) -> list:
        """Who applies to what, when, and where the case stands, oldest first: ids then
        grow with the submission time, as they do in a real table."""
        rng, now = self.rng, timezone.now()
        open_states, open_weights = _weighted(OPEN_MIX)
        decided_states, decided_weights = _weighted(DECIDED_MIX)
        # Some companies apply much more than others, none absurdly more.
        weights = [rng.lognormvariate(0, 0.6) for _ in companies["rows"]]
        owners = rng.choices(range(len(companies["rows"])), weights, k=count)
        live = set()  # (company, program) with an open case: one live application each
        choices = {}
        plan = []
        for owner in owners:
            area = companies["profiles"][owner]["area"]
            if area not in choices:
                choices[area] = self.programs_for(area)
            programs, program_weights = choices[area]
            program = rng.choices(programs, program_weights)[0]
            is_open = False
            if rng.random() < OPEN_SHARE:
                # Open, in a program the company has no other live application in.
                free = [p for p in programs if (owner, p.pk) not in live]
                if free:
                    program = program if program in free else rng.choice(free)
                    is_open = True
            if is_open:
                live.add((owner, program.pk))
                state = rng.choices(open_states, open_weights)[0]
                # Most open cases arrived in the last weeks; a backlog is older.
                age = rng.uniform(0, 30) if rng.random() < 0.75 else rng.uniform(30, 300)
            else:
                state = rng.choices(decided_states, decided_weights)[0]
                age = rng.uniform(8, 730)
            submitted_on = self.today - datetime.timedelta(days=int(age))
            submitted_at = datetime.datetime.combine(
                submitted_on,
                datetime.time(rng.randint(8, 19), rng.randint(0, 59), rng.randint(0, 59)),
                tzinfo=SEOUL,
            ) + datetime.timedelta(microseconds=rng.randint(0, 999_999))
            plan.append((min(submitted_at, now), owner, program, state, is_open))
        plan.sort(key=lambda entry: entry[0])
        return plan

    def make_cases(self, plan, companies, first_id: int, *, loader_id: int):
        rng, now = self.rng, timezone.now()
        provinces, province_weights = _weighted(PROVINCE_WEIGHTS)
        rows, items = [], []
        for offset, (submitted_at, owner, program, state, is_open) in enumerate(plan):
            pk = first_id + offset
            company = companies["rows"][owner]
            profile = companies["profiles"][owner]
            submitted_on = sla.local_date(submitted_at)
            province = rng.choices(provinces, province_weights)[0]
            center_id = self.center_of.get(province, self.headquarters)
            staff = self.staff.get(center_id) or [(None, self.administrator_id, "lead")]
            suggested = rng.choice(staff)
            lead = next((s for s in staff if s[2] == "lead"), suggested)
            first_due = self.add_business_days(submitted_on, program.sla_first_response_days)
            decision_due = self.add_business_days(submitted_on, program.sla_decision_days)
            taken = state != CaseState.SUBMITTED
            first_response_at = (
                min(now, submitted_at + datetime.timedelta(hours=rng.uniform(2, 96)))
                if taken
                else None
            )
            amount = rng.randint(program.min_amount // 1_000_000, program.max_amount // 1_000_000)
            amount *= 1_000_000
            decided_at = None
            if not is_open:
                decided_at = min(now, submitted_at + datetime.timedelta(days=rng.uniform(3, 60)))
            row = {
                "id": pk,
                "reference": f"{Program.REFERENCE_PREFIXES[program.kind]}-"
                f"{timezone.localtime(submitted_at).year}-{pk:06d}",
                "company_id": company["id"],
                "program_id": program.pk,
                "state": state.value,
                "center_id": center_id,
                "suggested_official_id": suggested[0],
                "assigned_to_id": suggested[0] if taken else None,
                "version": rng.randint(1, 3) if is_open else rng.randint(3, 9),
                "priority": 0,
                "first_response_due": first_due,
                "first_response_at": first_response_at,
                "decision_due": decision_due,
                "sla_due": None,
                "sla_paused_at": None,
                "recommended_outcome": "",
                "recommended_amount": None,
                "recommended_by_id": None,
                "approved_amount": None,
                "decision_conditions": "",
                "rejection_reasons": [],
                "decision_explanation": "",
                "decided_by_id": None,
                "decided_at": None,
                "amount_requested": amount,
                "purpose": rng.choice(PURPOSES).format(city=CITIES.get(province, "중국")),
                "target_province": province,
                "target_city": CITIES.get(province, ""),
                "planned_exports_to_china": Decimal(rng.randint(50, 50_000) * 1000),
                "created_by_id": loader_id,
                "created_at": submitted_at - datetime.timedelta(hours=rng.uniform(1, 240)),
                "updated_at": decided_at or first_response_at or submitted_at,
                "submitted_at": submitted_at,
            }
            case_items = []
            if profile["items"] and rng.random() < 0.7:
                case_items = rng.sample(profile["items"], rng.randint(1, len(profile["items"])))
            items.extend({"case_id": pk, "promisingitem_id": item} for item in case_items)
            if state in (CaseState.RECOMMENDED, CaseState.APPROVED, CaseState.REJECTED):
                outcome = "reject" if state == CaseState.REJECTED else "approve"
                if state == CaseState.RECOMMENDED:
                    outcome = rng.choice(["approve", "approve", "reject"])
                row["recommended_outcome"] = outcome
                row["recommended_amount"] = amount if outcome == "approve" else None
                row["recommended_by_id"] = suggested[1]
            if state == CaseState.APPROVED:
                row["approved_amount"] = amount // 2_000_000 * 1_000_000 + 1_000_000
                row["decision_conditions"] = "분기별 수출 실적을 제출하십시오."
            if state == CaseState.REJECTED:
                row["rejection_reasons"] = rng.sample(REJECTIONS, rng.randint(1, 2))
                row["decision_explanation"] = "제출된 자료로는 지원 요건을 확인할 수 없습니다."
            if state in (CaseState.APPROVED, CaseState.REJECTED):
                row["decided_by_id"] = lead[1]
                row["decided_at"] = decided_at
            if is_open:
                if state == CaseState.INFO_REQUESTED:
                    row["sla_paused_at"] = max(
                        submitted_at, now - datetime.timedelta(days=rng.uniform(0, 12))
                    )
                else:
                    row["sla_due"] = decision_due if taken else first_due
                row["priority"] = sum(
                    part.points
                    for part in priority.parts(
                        sector=profile["sector"],
                        fall=profile["fall"],
                        is_sme=profile["is_sme"],
                        has_items=bool(case_items),
                        submitted_on=submitted_on,
                        sla_due=row["sla_due"],
                        today=self.today,
                    )
                )
            rows.append(row)
        return rows, items

    def insert(self, model, rows, through_rows):
        """The rows, then the many-to-many rows; COPY on PostgreSQL, bulk_create elsewhere."""
        through = model.promising_items.through if model is Company else model.export_items.through
        with transaction.atomic():
            if connection.vendor == "postgresql":
                self.copy(model, rows)
                self.copy(through, through_rows)
            else:
                model.objects.bulk_create([model(**row) for row in rows], batch_size=500)
                through.objects.bulk_create(
                    [through(**row) for row in through_rows], batch_size=500
                )

    def copy(self, model, rows):
        if not rows:
            return
        from psycopg.types.json import Jsonb

        fields = [f for f in model._meta.concrete_fields if f.attname in rows[0]]
        json = {i for i, f in enumerate(fields) if isinstance(f, models.JSONField)}
        # Fields the generator leaves out take their default (the schema may grow).
        missing = [
            f
            for f in model._meta.concrete_fields
            if f.attname not in rows[0] and not f.primary_key and f.has_default()
        ]
        defaults = [f.get_db_prep_save(f.get_default(), connection) for f in missing]
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields + missing)
        table = connection.ops.quote_name(model._meta.db_table)
        names = [f.attname for f in fields]
        with (
            connection.cursor() as cursor,
            cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
        ):
            for row in rows:
                values = [row[name] for name in names]
                for index in json:
                    values[index] = Jsonb(values[index])
                copy.write_row(values + defaults)

    def clear(self):
        started = time.perf_counter()
        total = _delete_in_batches(self.bench_cases())
        company_count = _delete_in_batches(
            Company.objects.filter(contact_email__endswith=BENCH_COMPANY_DOMAIN)
        )
        users = User.objects.filter(email__startswith=BENCH_OFFICIAL_PREFIX)
        with transaction.atomic():
            StaffAssignment.objects.filter(official__user__in=users).delete()
            TradeOfficial.objects.filter(user__in=users).delete()
            officials = users.count()
            users.delete()
            User.objects.filter(email=BENCH_LOADER).delete()
        self.stdout.write(
            f"Removed {total:,} bench cases, {company_count:,} companies and {officials} "
            f"officials in {time.perf_counter() - started:.1f} s."
        )

    # Measuring ---------------------------------------------------------------------------

    def describe(self):
        open_cases = Case.objects.filter(state__in=OPEN_STATES)
        busiest = (
            open_cases.exclude(center=None)
            .values("center")
            .annotate(n=Count("pk"))
            .order_by("-n")
            .first()
        )
        self.center = SupportCenter.objects.get(pk=busiest["center"]) if busiest else None
        self.stdout.write(
            f"Data: {Case.objects.count():,} cases ({open_cases.count():,} open), "
            f"{Company.objects.count():,} companies; busiest center: "
            f"{self.center.code if self.center else '-'} "
            f"({busiest['n'] if busiest else 0:,} open cases)"
        )

    def host(self) -> str:
        for host in ["testserver", "127.0.0.1", "localhost", *settings.ALLOWED_HOSTS]:
            if "*" not in host and validate_host(host.lstrip("."), settings.ALLOWED_HOSTS):
                return host.lstrip(".")
        return "localhost"

    def users(self):
        administrator = (
            User.objects.filter(is_active=True, is_staff=True, groups__name=Role.ADMINISTRATOR)
            .order_by("pk")
            .first()
        )
        if administrator is None:
            raise CommandError("No active staff administrator: run seed_demo first.")
        assignments = StaffAssignment.objects.current().filter(
            official__is_active=True, official__user__is_active=True
        )
        if self.center:
            assignments = assignments.filter(center=self.center)
        lead = (
            assignments.exclude(official__user__email__startswith=BENCH_OFFICIAL_PREFIX)
            .select_related("official__user", "center")
            .order_by("role", "pk")  # "lead" < "officer": the lead first
            .first()
        )
        if lead is None:
            raise CommandError("No official works at a center: run seed_demo first.")
        return lead, administrator

    def measure(self, repeat: int, search: list[str]) -> float:
        lead, administrator = self.users()
        host = self.host()
        clients = {}
        for name, user in (("official", lead.official.user), ("administrator", administrator)):
            client = Client(HTTP_HOST=host)
            client.force_login(user)
            clients[name] = client
        sector = self.busy_area()
        desk = reverse("desk:queue")
        admin = reverse("admin:cases_case_changelist")
        filtered = {"state": "in_review", "sla": "overdue"}
        admin_filtered = {"state__exact": "in_review", "sla_due__lt": self.today.isoformat()}
        if sector:
            filtered["sector"] = admin_filtered["sector"] = sector.pk
        who = {
            "official": f"{lead.get_role_display()} {lead.center.code} "
            f"({lead.official.user.email})",
            "administrator": f"administrator ({administrator.email})",
        }
        self.stdout.write(
            f"\nTimings over {repeat} runs after {WARM_UP} warm-ups (test client, ms); "
            f"filter: state=in_review, sector={sector.code if sector else '-'}, sla=overdue; "
            f"searches: {', '.join(f'{n}: {text!r}' for n, text in enumerate(search, 1))}"
        )
        for name, label in who.items():
            self.stdout.write(f"  {name}: {label}")
        plan = []
        for name in ("official", "administrator"):
            plan += [
                ("desk first page", name, desk),
                ("desk filtered", name, f"{desk}?{urlencode(filtered)}"),
            ]
            plan += [
                (f"desk search {n}", name, f"{desk}?{urlencode({'q': text})}")
                for n, text in enumerate(search, 1)
            ]
            deep, depth = self.deep_url(clients[name], desk)
            plan.append((f"desk page {depth}", name, deep))
        plan += [
            ("admin first page", "administrator", admin),
            ("admin filtered", "administrator", f"{admin}?{urlencode(admin_filtered)}"),
        ]
        plan += [
            (f"admin search {n}", "administrator", f"{admin}?{urlencode({'q': text})}")
            for n, text in enumerate(search, 1)
        ]
        header = f"{'page':<18} {'user':<14} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8} {'rows':>5}"
        self.stdout.write("\n" + header + "\n" + "-" * len(header))
        results = self.time(clients, plan, repeat)
        for (label, name, _url), result in zip(plan, results, strict=True):
            self.stdout.write(
                f"{label:<18} {name:<14} {result['p50']:>8.1f} {result['p95']:>8.1f} "
                f"{result['queries']:>8} {result['rows']:>5}"
            )
        results = [(label, name, r) for (label, name, _url), r in zip(plan, results, strict=True)]
        desk_p50 = next(
            r["p50"]
            for label, name, r in results
            if (label, name) == ("desk first page", "administrator")
        )
        admin_p50 = next(r["p50"] for label, name, r in results if label == "admin first page")
        by = {(label, name): r for label, name, r in results}
        for name in ("official", "administrator"):
            first = by[("desk first page", name)]["p50"]
            deep = next(
                r["p50"]
                for (label, n), r in by.items()
                if n == name and label.startswith("desk page")
            )
            self.stdout.write(f"deep/first page p50 ({name}): {deep / first:.2f}")
        return desk_p50 / admin_p50

    def busy_area(self):
        """The area whose companies have the most open cases (a filter that matches)."""
        area = (
            Case.objects.filter(state__in=OPEN_STATES)
            .values("company__sector__parent")
            .annotate(n=Count("pk"))
            .order_by("-n")
            .first()
        )
        if area and area["company__sector__parent"]:
            return Sector.objects.get(pk=area["company__sector__parent"])
        return Sector.objects.filter(parent=None).first()

    def deep_url(self, client, url):
        depth = 1
        for _ in range(DEEP_PAGES):
            response = client.get(url)
            match = re.search(r'rel="next" href="([^"]+)"', response.content.decode())
            if not match:
                break
            url = reverse("desk:queue") + html.unescape(match.group(1))
            depth += 1
        return url, depth

    def time(self, clients, plan, repeat: int) -> list[dict]:
        """Each page's queries once, two warm-ups, then the timed runs taken in turns (page 1,
        page 2, ..., page 1, ...) so a busy moment of the machine is shared out evenly."""
        results = []
        for _label, name, url in plan:
            connection.queries_log.clear()  # a full log (9000 entries) would capture nothing
            with CaptureQueriesContext(connection) as queries:
                response = clients[name].get(url)
            if response.status_code != 200:
                raise CommandError(f"GET {url} answered {response.status_code}")
            body = response.content.decode()
            results.append(
                {
                    "queries": len(queries.captured_queries),  # now: the next request clears it
                    "rows": body.count("<tr data-case=") or body.count('class="field-__str__"'),
                    "timings": [],
                }
            )
            for _ in range(WARM_UP - 1):
                clients[name].get(url)
        for _ in range(repeat):
            for (_label, name, url), result in zip(plan, results, strict=True):
                started = time.perf_counter()
                clients[name].get(url)
                result["timings"].append((time.perf_counter() - started) * 1000)
        for result in results:
            timings = result.pop("timings")
            result.update(p50=statistics.median(timings), p95=_percentile(timings, 95))
        return results

    # Load test ---------------------------------------------------------------------------

    def officials(self, count: int):
        """`count` officials at work, the bench's own added as needed, at the busy centers."""
        group = Group.objects.get(name=Role.TRADE_OFFICIAL.value)
        centers = list(SupportCenter.objects.open().order_by("pk")) or list(
            SupportCenter.objects.all()
        )
        weights = dict(
            Case.objects.filter(state__in=OPEN_STATES).values_list("center").annotate(n=Count("pk"))
        )
        centers.sort(key=lambda c: -weights.get(c.pk, 0))
        users = []
        for n in range(1, count + 1):
            user, created = User.objects.get_or_create(
                email=BENCH_OFFICIAL.format(n), defaults={"full_name": f"벤치 무역관 {n:02d}"}
            )
            if created:
                user.set_unusable_password()
                user.save(update_fields=["password"])
                user.groups.add(group)
            official, _ = TradeOfficial.objects.get_or_create(
                user=user, defaults={"title": "무역관", "languages": ["ko", "zh"]}
            )
            if not StaffAssignment.objects.current().filter(official=official).exists():
                StaffAssignment.objects.create(
                    official=official,
                    center=centers[(n - 1) % min(len(centers), 4)],
                    starts_on=self.today - datetime.timedelta(days=30),
                    reason="Bench load test",
                )
            users.append(user)
        return users

    def load_test(self, concurrency: int, duration: int, workers: int, tool: str, think: float):
        users = self.officials(concurrency)
        host = "127.0.0.1"
        cookies = []
        for user in users:
            client = Client(HTTP_HOST=self.host())
            client.force_login(user)
            cookies.append(
                f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
            )
        with socket.socket() as probe:
            probe.bind((host, 0))
            port = probe.getsockname()[1]
        path = reverse("desk:queue")
        # wrk cannot pause a connection between requests (its delay() counts the pause, and
        # the reconnection gunicorn's sync workers ask for, into the latency): officials who
        # read their pages are the Python client's.
        if tool == "wrk" and think:
            raise CommandError("--think needs the Python client: --load-tool python.")
        use_wrk = tool == "wrk" or (tool == "auto" and not think and shutil.which("wrk"))
        if tool == "wrk" and not shutil.which("wrk"):
            raise CommandError("wrk is not installed (apt-get install -y wrk).")
        command = [
            sys.executable, "-m", "gunicorn", "config.wsgi", "-w", str(workers),
            "-b", f"{host}:{port}", "--timeout", "60", "--log-level", "warning",
        ]  # fmt: skip
        self.stdout.write(
            f"\nLoad test: {concurrency} officials, {duration} s, GET {path}, "
            + (f"each reading {think:g} s on average between pages, " if think else "no pause, ")
            + f"gunicorn {workers} workers (sync) on {host}:{port}, "
            f"client: {'wrk' if use_wrk else 'Python threads'}"
        )
        server = subprocess.Popen(
            command, cwd=settings.BASE_DIR, env=os.environ.copy(), start_new_session=True
        )
        try:
            self.wait_for(host, port, path, cookies, server)
            if use_wrk:
                result = self.run_wrk(host, port, path, cookies, concurrency, duration)
            else:
                result = self.run_python(host, port, path, cookies, concurrency, duration, think)
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()
        self.stdout.write(
            f"load: {result['requests']:,} requests, {result['rps']:.1f} requests/s, "
            f"p50 {result['p50']:.1f} ms, p95 {result['p95']:.1f} ms, "
            f"p99 {result['p99']:.1f} ms, errors {result['errors']}"
        )

    def wait_for(self, host, port, path, cookies, server):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if server.poll() is not None:
                raise CommandError(f"gunicorn exited with {server.returncode}")
            try:
                statuses = {_get(host, port, path, cookie)[0] for cookie in cookies}
            except OSError:
                time.sleep(0.3)
                continue
            if statuses != {200}:
                raise CommandError(f"GET {path} as the load-test officials answered {statuses}")
            return
        raise CommandError("gunicorn did not answer within 60 s")

    def run_wrk(self, host, port, path, cookies, concurrency, duration):
        threads = max(1, min(concurrency, os.cpu_count() or 1))
        cookie_list = ", ".join(f'"{cookie}"' for cookie in cookies)
        script = WRK_SCRIPT.replace("COOKIES", cookie_list).replace("PATH", path)
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
            handle.write(script)
        try:
            output = subprocess.run(
                [
                    "wrk",
                    "-t",
                    str(threads),
                    "-c",
                    str(concurrency),
                    "-d",
                    f"{duration}s",
                    "--timeout",
                    "10s",
                    "-s",
                    handle.name,
                    f"http://{host}:{port}{path}",
                ],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        finally:
            Path(handle.name).unlink()
        match = re.search(r"^BENCH (.*)$", output, re.MULTILINE)
        if not match:
            raise CommandError(f"wrk printed no summary:\n{output}")
        values = dict(pair.split("=") for pair in match.group(1).split())
        return {
            "requests": int(values["requests"]),
            "rps": int(values["requests"]) / (int(values["duration_us"]) / 1e6),
            "p50": int(values["p50"]) / 1000,
            "p95": int(values["p95"]) / 1000,
            "p99": int(values["p99"]) / 1000,
            "errors": int(values["errors"]),
        }

    def run_python(self, host, port, path, cookies, concurrency, duration, think):
        deadline = time.monotonic() + duration
        lock = threading.Lock()
        latencies, errors = [], [0]

        def worker(cookie):
            mine, failed = [], 0
            while time.monotonic() < deadline:
                started = time.perf_counter()
                try:
                    status, _body = _get(host, port, path, cookie)
                except OSError:
                    failed += 1
                    continue
                mine.append((time.perf_counter() - started) * 1000)
                failed += status != 200
                if think:
                    time.sleep(self.rng.uniform(think / 2, think * 1.5))
            with lock:
                latencies.extend(mine)
                errors[0] += failed

        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=concurrency) as pool:
            list(pool.map(worker, [cookies[n % len(cookies)] for n in range(concurrency)]))
        elapsed = time.monotonic() - started
        if not latencies:
            raise CommandError("No request succeeded.")
        return {
            "requests": len(latencies),
            "rps": len(latencies) / elapsed,
            "p50": _percentile(latencies, 50),
            "p95": _percentile(latencies, 95),
            "p99": _percentile(latencies, 99),
            "errors": errors[0],
        }


def _get(host, port, path, cookie):
    """One GET on a new connection (gunicorn's sync workers close it after each answer)."""
    conn = http.client.HTTPConnection(host, port, timeout=30)
    try:
        conn.request("GET", path, headers={"Cookie": cookie})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


# Each request takes the next official's session cookie; done() prints the summary with
# the 95th percentile, which wrk's --latency table leaves out.
WRK_SCRIPT = """
local cookies = {COOKIES}
local counter = 0
local threads = {}
function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end
function init(args)
  counter = id or 0
end
function request()
  counter = counter + 1
  return wrk.format("GET", "PATH", {["Cookie"] = cookies[(counter % #cookies) + 1]})
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_us=%d errors=%d p50=%d p95=%d p99=%d\\n",
    summary.requests, summary.duration, e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""
