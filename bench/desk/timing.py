"""Step 2 of bench_desk: the desk's queue pages against the admin's change list, timed
with Django's test client as the busiest center's lead and as an administrator."""

import html
import math
import re
import statistics
import time
from urllib.parse import urlencode

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import Count
from django.http.request import validate_host
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from accounts.models import User
from accounts.roles import Role
from applicants.models import Company
from bench.desk.data import BENCH_OFFICIAL_PREFIX
from bench.desk.sessions import signed_in_client
from cases.models import OPEN_STATES, Case
from centers.models import StaffAssignment, SupportCenter
from programs.models import Sector

WARM_UP = 2
# The floor (desk/floor.py): the product's URLs plus the floor's, while bench_desk times.
FLOOR_URLCONF = "desk.floor"
FLOOR = "bench-desk-floor"
DEEP_PAGES = 20


def percentile(values, percent):
    """Nearest rank: the smallest value with `percent` of the values at or below it."""
    ordered = sorted(values)
    rank = max(1, math.ceil(percent / 100 * len(ordered)))
    return ordered[rank - 1]


def describe(stdout):
    """What the database holds; the busiest center, whose lead the desk is timed as."""
    open_cases = Case.objects.filter(state__in=OPEN_STATES)
    busiest = (
        open_cases.exclude(center=None)
        .values("center")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    center = SupportCenter.objects.get(pk=busiest["center"]) if busiest else None
    stdout.write(
        f"Data: {Case.objects.count():,} cases ({open_cases.count():,} open), "
        f"{Company.objects.count():,} companies; busiest center: "
        f"{center.code if center else '-'} "
        f"({busiest['n'] if busiest else 0:,} open cases)"
    )
    return center


def client_host() -> str:
    """A host name ALLOWED_HOSTS accepts, for the test client and the load test's logins."""
    for host in ["testserver", "127.0.0.1", "localhost", *settings.ALLOWED_HOSTS]:
        if "*" not in host and validate_host(host.lstrip("."), settings.ALLOWED_HOSTS):
            return host.lstrip(".")
    return "localhost"


def users(center):
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
    if center:
        assignments = assignments.filter(center=center)
    lead = (
        assignments.exclude(official__user__email__startswith=BENCH_OFFICIAL_PREFIX)
        .select_related("official__user", "center")
        .order_by("role", "pk")  # "lead" < "officer": the lead first
        .first()
    )
    if lead is None:
        raise CommandError("No official works at a center: run seed_demo first.")
    return lead, administrator


def measure(stdout, *, center, today, repeat: int, search: list[str]) -> tuple[float, float]:
    """Times the pages; (desk/admin, desk/floor), each first page's p50 as the
    administrator."""
    # The floor's URL exists only while it is timed.
    with override_settings(ROOT_URLCONF=FLOOR_URLCONF):
        return _measure(stdout, center=center, today=today, repeat=repeat, search=search)


def _measure(stdout, *, center, today, repeat: int, search: list[str]) -> tuple[float, float]:
    lead, administrator = users(center)
    host = client_host()
    clients = {}
    for name, user in (("official", lead.official.user), ("administrator", administrator)):
        clients[name] = signed_in_client(user, host)
    sector = busy_area()
    desk = reverse("desk:queue")
    desk_floor = reverse(FLOOR)
    admin = reverse("admin:cases_case_changelist")
    filtered = {"state": "in_review", "sla": "overdue"}
    admin_filtered = {"state__exact": "in_review", "sla_due__lt": today.isoformat()}
    if sector:
        filtered["sector"] = admin_filtered["sector"] = sector.pk
    who = {
        "official": f"{lead.get_role_display()} {lead.center.code} ({lead.official.user.email})",
        "administrator": f"administrator ({administrator.email})",
    }
    stdout.write(
        f"\nTimings over {repeat} runs after {WARM_UP} warm-ups (test client, ms); "
        f"filter: state=in_review, sector={sector.code if sector else '-'}, sla=overdue; "
        f"searches: {', '.join(f'{n}: {text!r}' for n, text in enumerate(search, 1))}"
    )
    for name, label in who.items():
        stdout.write(f"  {name}: {label}")
    plan = []
    for name in ("official", "administrator"):
        plan += [
            ("desk first page", name, desk),
            ("desk floor", name, desk_floor),
            ("desk filtered", name, f"{desk}?{urlencode(filtered)}"),
        ]
        plan += [
            (f"desk search {n}", name, f"{desk}?{urlencode({'q': text})}")
            for n, text in enumerate(search, 1)
        ]
        deep, depth = deep_url(clients[name], desk)
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
    stdout.write("\n" + header + "\n" + "-" * len(header))
    results = time_pages(clients, plan, repeat)
    for (label, name, _url), result in zip(plan, results, strict=True):
        stdout.write(
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
    floor_p50 = next(
        r["p50"] for label, name, r in results if (label, name) == ("desk floor", "administrator")
    )
    by = {(label, name): r for label, name, r in results}
    for name in ("official", "administrator"):
        first = by[("desk first page", name)]["p50"]
        deep = next(
            r["p50"] for (label, n), r in by.items() if n == name and label.startswith("desk page")
        )
        stdout.write(f"deep/first page p50 ({name}): {deep / first:.2f}")
        stdout.write(
            f"desk/floor p50 ({name}): {first / by[('desk floor', name)]['p50']:.2f} (the floor: "
            "the same rows through a minimal template, no filter form, no layout)"
        )
    return desk_p50 / admin_p50, desk_p50 / floor_p50


def busy_area():
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


def deep_url(client, url):
    depth = 1
    for _ in range(DEEP_PAGES):
        response = client.get(url)
        match = re.search(r'rel="next" href="([^"]+)"', response.content.decode())
        if not match:
            break
        url = reverse("desk:queue") + html.unescape(match.group(1))
        depth += 1
    return url, depth


def time_pages(clients, plan, repeat: int) -> list[dict]:
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
        result.update(p50=statistics.median(timings), p95=percentile(timings, 95))
    return results
