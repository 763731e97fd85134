"""The systemd units the README tells an operator to install: every process is restarted
when it dies, beat is one unit of its own, and the commands are the README's."""

import configparser
from pathlib import Path

import pytest
from django.conf import settings

UNITS = Path(settings.BASE_DIR) / "deploy" / "systemd"


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # systemd's keys are case-sensitive
    parser.read_string((UNITS / name).read_text().replace("\\\n", " "))
    return parser


@pytest.mark.parametrize("name", ["desk-web.service", "desk-worker.service", "desk-beat.service"])
def test_it_restarts_every_process_when_it_dies(name):
    service = unit(name)["Service"]

    assert service["Restart"] == "always"
    assert service["EnvironmentFile"] == "/etc/desk/env"
    assert unit(name)["Install"]["WantedBy"] == "multi-user.target"


def test_it_runs_the_web_worker_and_beat_apart_and_beat_once():
    commands = {path.name: unit(path.name)["Service"]["ExecStart"] for path in UNITS.iterdir()}

    assert sorted(commands) == ["desk-beat.service", "desk-web.service", "desk-worker.service"]
    assert "gunicorn config.wsgi:application" in commands["desk-web.service"]
    assert "celery -A config worker" in commands["desk-worker.service"]
    assert "celery -A config beat" in commands["desk-beat.service"]
    # A worker with an embedded beat (-B) would make a second scheduler.
    assert " -B" not in commands["desk-worker.service"]
    assert sum("beat" in command.split() for command in commands.values()) == 1
