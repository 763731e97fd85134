import os
import secrets
import subprocess
import sys

from django.conf import settings

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "desk.example.go.kr",
    "DATABASE_URL": "postgres://desk@db.internal:5432/desk",
    "CELERY_BROKER_URL": "redis://redis.internal:6379/0",
    "EMAIL_URL": "smtp+tls://desk@smtp.internal:587",
    "BEHIND_TLS_PROXY": "true",
}


def manage(*args, **env) -> subprocess.CompletedProcess:
    # Only what the test gives: CI's own DATABASE_URL and broker must not leak in.
    inherited = {k: v for k, v in os.environ.items() if k not in PRODUCTION}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**inherited, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_it_passes_the_deployment_checks_with_production_settings(tmp_path):
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_it_refuses_to_start_without_a_secret_key_when_debug_is_off():
    result = manage("check", **{**PRODUCTION, "SECRET_KEY": ""})

    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_it_refuses_to_run_production_on_the_laptop_defaults():
    result = manage("check", DEBUG="false", SECRET_KEY="x" * 50)

    assert result.returncode != 0
    assert (
        "With DEBUG off, set ALLOWED_HOSTS, DATABASE_URL, CELERY_BROKER_URL, EMAIL_URL"
        in result.stderr
    )


def test_a_load_balancer_probe_over_plain_http_reaches_healthz():
    probe = (
        "import django; django.setup();"
        "from django.test import Client;"
        "c = Client(HTTP_HOST='desk.example.go.kr');"
        "print(c.head('/healthz').status_code, c.get('/').status_code)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=settings.BASE_DIR,
        env={**os.environ, **PRODUCTION, "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )

    # The probe is answered (503: the databases named above do not exist), the site redirects.
    assert result.stdout.split() == ["503", "301"], result.stderr
