"""A smoke test of `manage.py bench_broadcast`: a worker starts, 50 e-mails go out over SMTP,
the no-op tasks run, the last lines read as promised; no timing is asserted."""

import io
import re

import pytest
from django.core.management import call_command

from accounts.models import User
from notifications.models import EmailStatus, Notification
from outreach.models import Announcement

pytestmark = [pytest.mark.needs_postgres, pytest.mark.needs_redis]


def test_bench_broadcast_delivers_to_everyone_and_ends_with_the_times(transactional_db):
    out = io.StringIO()
    call_command("bench_broadcast", recipients=50, stdout=out)
    lines = out.getvalue().splitlines()
    print(out.getvalue())

    match = re.fullmatch(
        r"broadcast 50 recipients delivered in (\d+\.\d) s \(no-op: (\d+\.\d) s\)", lines[-3]
    )
    assert match
    assert float(match[1]) > 0
    assert re.fullmatch(
        r"broadcast rate: [\d,]+ e-mails/s; no-op rate: [\d,]+ tasks/s \(.*\)", lines[-2]
    )
    assert re.fullmatch(r"broadcast/no-op rate ratio: \d+\.\d\d", lines[-1])
    assert any(line.startswith("No-op: 50 single tasks") for line in lines)
    announcement = Announcement.objects.get()
    assert announcement.recipients == 50
    rows = Notification.objects.filter(dedupe_key=f"announcement:{announcement.pk}")
    assert rows.filter(email=EmailStatus.SENT).count() == 50
    assert "the sink received 50" in out.getvalue()

    call_command("bench_broadcast", clear=True, stdout=io.StringIO())
    assert not User.objects.filter(email__endswith="@broadcast.bench.example.com").exists()
    assert not Announcement.objects.exists()
