"""CACHE_URL: the desk's filter options cached in Redis are shared by every process, and so
is their invalidation; without it each process keeps its own, as before."""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.db import connection
from django.utils import translation

from tests.factories import ProgramFactory

BASE_DIR = Path(settings.BASE_DIR)

# A process of the app: "options" prints the program filter's options (English), as the
# desk shows them; "rename <pk> <name>" renames a program there, as an administrator would.
PROCESS = """
import json, sys, django
django.setup()
from django import forms
from django.utils import translation
from desk.queue.options import catalog_options
from programs.models import Program
translation.activate("en")
for line in sys.stdin:
    command, *rest = line.split(maxsplit=2)
    if command == "options":
        field = forms.ModelChoiceField(queryset=Program.objects.order_by("code"))
        print(json.dumps(catalog_options("program", field)), flush=True)
    elif command == "rename":
        program = Program.objects.get(pk=int(rest[0]))
        program.name_en = rest[1].strip()
        program.save()
        print(json.dumps("renamed"), flush=True)
"""


class AppProcess:
    def __init__(self, env: dict):
        self.process = subprocess.Popen(
            [sys.executable, "-c", PROCESS],
            cwd=BASE_DIR,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def ask(self, command: str):
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()
        return json.loads(self.process.stdout.readline())

    def stop(self):
        self.process.stdin.close()
        self.process.wait(timeout=30)


def environment(cache_url: str | None) -> dict:
    database = urlsplit(os.environ["DATABASE_URL"])
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": database._replace(path="/" + connection.settings_dict["NAME"]).geturl(),
    }
    env.pop("CACHE_URL", None)
    if cache_url:
        env["CACHE_URL"] = cache_url
    return env


@pytest.fixture
def two_processes():
    started = []

    def start(cache_url):
        pair = [AppProcess(environment(cache_url)) for _ in "ab"]
        started.extend(pair)
        return pair

    yield start
    for process in started:
        process.stop()


def names(options) -> list[str]:
    return [label for _value, label in options]


@pytest.mark.needs_postgres
@pytest.mark.needs_redis
@pytest.mark.django_db(transaction=True)
def test_with_cache_url_a_rename_in_one_process_shows_in_the_other_at_once(two_processes):
    program = ProgramFactory(name_en="Battery export loan")
    broker = urlsplit(settings.CELERY_BROKER_URL)
    # The tests' own Redis database, under a prefix of this run's own.
    cache_url = broker._replace(query=f"key_prefix=test-{uuid.uuid4().hex}").geturl()
    first, second = two_processes(cache_url)
    assert "Battery export loan" in names(first.ask("options"))  # cached, shared
    assert "Battery export loan" in names(second.ask("options"))

    first.ask(f"rename {program.pk} Cell export loan")

    assert "Cell export loan" in names(second.ask("options"))  # no minute to wait
    assert "Cell export loan" in names(first.ask("options"))


@pytest.mark.needs_postgres
@pytest.mark.django_db(transaction=True)
def test_without_cache_url_each_process_keeps_its_own_for_a_minute(two_processes):
    program = ProgramFactory(name_en="Battery export loan")
    first, second = two_processes(None)
    assert "Battery export loan" in names(first.ask("options"))
    assert "Battery export loan" in names(second.ask("options"))

    first.ask(f"rename {program.pk} Cell export loan")

    assert "Cell export loan" in names(first.ask("options"))  # its own copy was forgotten
    assert "Battery export loan" in names(second.ask("options"))  # until its minute ends


def test_a_cache_that_does_not_answer_is_a_miss_not_an_error(settings, caplog, db):
    from django import forms
    from django.core.cache import cache

    from desk.queue.options import catalog_options
    from programs.models import Program
    from tests.config.test_healthz import closed_port

    ProgramFactory(name_en="Battery export loan")
    settings.CACHES = {
        "default": {
            "BACKEND": "config.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
        }
    }
    field = forms.ModelChoiceField(queryset=Program.objects.order_by("code"))

    with translation.override("en"):
        assert "Battery export loan" in names(catalog_options("program", field))
        assert "Battery export loan" in names(catalog_options("program", field))
    cache.delete("anything")
    assert len([r for r in caplog.records if r.name == "config.cache"]) == 1  # one per outage
