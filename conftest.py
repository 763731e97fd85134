"""Root conftest: service markers. A test that needs PostgreSQL, Redis, a live worker or a
browser is skipped with the reason when it is absent, and fails instead when CI=true."""

import os
import subprocess

import pytest

_missing_cache: dict[str, str | None] = {}


def _postgres_missing() -> str | None:
    from django.db import connection

    if connection.vendor != "postgresql":
        return "needs PostgreSQL: set DATABASE_URL=postgres://..."
    return None


def _redis_missing() -> str | None:
    import redis
    from django.conf import settings

    url = settings.CELERY_BROKER_URL
    if not url.startswith("redis"):
        return "needs Redis: set CELERY_BROKER_URL=redis://..."
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError as exc:
        return f"needs Redis, but the broker at CELERY_BROKER_URL does not answer ({exc})"
    return None


def _browser_missing() -> str | None:
    from tests.e2e.browser import CHROMIUM

    if not os.access(CHROMIUM, os.X_OK):
        return f"needs Debian's Chromium at {CHROMIUM}: sudo apt-get install chromium"
    # Without a Korean font the Korean pages' screenshots show empty boxes for every word.
    try:
        fonts = subprocess.run(["fc-list", ":lang=ko"], capture_output=True, text=True).stdout
    except FileNotFoundError:  # no fontconfig, so no font Chromium could find either
        fonts = ""
    if not fonts.strip():
        return "needs a Korean font for the screenshots: sudo apt-get install fonts-nanum"
    return None


_CHECKS = {
    "needs_postgres": [_postgres_missing],
    "needs_redis": [_redis_missing],
    "needs_worker": [_redis_missing],
    "needs_browser": [_browser_missing],
}


def pytest_runtest_setup(item):
    for marker, checks in _CHECKS.items():
        if item.get_closest_marker(marker) is None:
            continue
        for check in checks:
            if check.__name__ not in _missing_cache:
                _missing_cache[check.__name__] = check()
            reason = _missing_cache[check.__name__]
            if reason is None:
                continue
            if os.environ.get("CI", "").lower() == "true":
                pytest.fail(f"CI=true and this test {reason}", pytrace=False)
            pytest.skip(reason)
