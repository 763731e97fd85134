"""The newcomer's run: a real worker on kombu's filesystem transport, no Redis anywhere."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)


@pytest.fixture
def local_env(tmp_path):
    """The environment of `make run`: nothing set but where var/ is."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CELERY_BROKER_URL")}
    env.update({"VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "config.settings"})
    return env


def run(env, *args, timeout=120):
    result = subprocess.run(
        [sys.executable, *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_it_delivers_a_task_through_files_to_a_worker_and_mails_to_var(local_env, tmp_path):
    run(local_env, "manage.py", "migrate", "-v0")
    run(local_env, "manage.py", "seed_demo")
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo",
         "--without-gossip", "--without-mingle", "--loglevel=WARNING",
        "--logfile", str(tmp_path / "worker.log")],
        cwd=BASE_DIR, env=local_env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        # The reset page's service: the e-mail's row is committed, its delivery enqueued.
        queued = run(
            local_env,
            "-c",
            "import django; django.setup();"
            "from accounts.services import password_reset_request;"
            "print(password_reset_request("
            "email='company@example.com', base_url='http://127.0.0.1:8000'))",
        )
        assert queued.strip() == "1"
        # The demo's own notifications may be delivered by the worker too: find the reset e-mail.
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            mails = [path.read_text() for path in (tmp_path / "mail").glob("*.log")]
            if any(is_reset(text) for text in mails):
                break
            time.sleep(0.2)
    finally:
        worker.terminate()
        worker.wait(timeout=20)

    assert any(is_reset(text) for text in mails), (tmp_path / "worker.log").read_text()


def is_reset(mail: str) -> bool:
    return "To: company@example.com" in mail and "/accounts/password/reset/" in mail
