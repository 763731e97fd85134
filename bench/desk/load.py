"""Step 3 of bench_desk (--concurrency): the queue's first page under gunicorn, loaded by
C logged-in officials at once with wrk or a Python thread-pool client."""

import datetime
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import CommandError
from django.db.models import Count
from django.urls import reverse

from accounts.models import User
from accounts.roles import Role
from bench.desk.data import BENCH_OFFICIAL
from bench.desk.sessions import signed_in_client
from bench.desk.timing import client_host, percentile
from cases.models import OPEN_STATES, Case
from centers.models import StaffAssignment, SupportCenter, TradeOfficial


def officials(count: int, *, today):
    """`count` officials at work, the bench's own added as needed, at the busy centers."""
    group = Group.objects.get(name=Role.TRADE_OFFICIAL.value)
    centers = list(SupportCenter.objects.open().order_by("pk")) or list(SupportCenter.objects.all())
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
                starts_on=today - datetime.timedelta(days=30),
                reason="Bench load test",
            )
        users.append(user)
    return users


def load_test(
    stdout, *, concurrency: int, duration: int, workers: int, tool: str, think: float, rng, today
):
    users = officials(concurrency, today=today)
    host = "127.0.0.1"
    cookies = []
    for user in users:
        client = signed_in_client(user, client_host())
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
    stdout.write(
        f"\nLoad test: {concurrency} officials, {duration} s, GET {path}, "
        + (f"each reading {think:g} s on average between pages, " if think else "no pause, ")
        + f"gunicorn {workers} workers (sync) on {host}:{port}, "
        f"client: {'wrk' if use_wrk else 'Python threads'}"
    )
    server = subprocess.Popen(
        command, cwd=settings.BASE_DIR, env=os.environ.copy(), start_new_session=True
    )
    try:
        wait_for(host, port, path, cookies, server)
        if use_wrk:
            result = run_wrk(host, port, path, cookies, concurrency, duration)
        else:
            result = run_python(host, port, path, cookies, concurrency, duration, think, rng)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
    stdout.write(
        f"load: {result['requests']:,} requests, {result['rps']:.1f} requests/s, "
        f"p50 {result['p50']:.1f} ms, p95 {result['p95']:.1f} ms, "
        f"p99 {result['p99']:.1f} ms, errors {result['errors']}"
    )


def wait_for(host, port, path, cookies, server):
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


def run_wrk(host, port, path, cookies, concurrency, duration):
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


def run_python(host, port, path, cookies, concurrency, duration, think, rng):
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
                time.sleep(rng.uniform(think / 2, think * 1.5))
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
        "p50": percentile(latencies, 50),
        "p95": percentile(latencies, 95),
        "p99": percentile(latencies, 99),
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
