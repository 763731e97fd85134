"""The daily check run twice at once (beat fired twice, a retried task) while the company
reports its closure: PostgreSQL, one connection per thread, all let go together. One
recovery, one notice to the official."""

import threading

import pytest
from django.db import connection
from django.utils import translation

from cases.errors import CaseError
from notifications.models import Notification
from reshoring import services
from reshoring.models import Recovery
from tests.reshoring.test_obligation_check import ENDS, paid  # noqa: F401 (a fixture)


@pytest.mark.needs_postgres
@pytest.mark.django_db(transaction=True)
def test_checks_at_once_open_one_recovery(paid, applicant):  # noqa: F811
    def daily():
        return services.obligation_check_due(case_pk=paid.pk, today=ENDS)

    def closure():
        return services.closure_report(
            case=paid, by=applicant, cause="closure", realised_jobs=0, months_operated=0
        )

    runs = [daily] * 9 + [closure]
    start = threading.Barrier(len(runs))
    results = ["not run"] * len(runs)

    def run(index, action):
        try:
            with translation.override("en"):
                start.wait()
                results[index] = action()
        except CaseError as error:
            results[index] = error.reasons
        except Exception as error:  # a database error: it fails the test below
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(runs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    recovery = Recovery.objects.get()
    assert [r for r in results if isinstance(r, Recovery)] == [recovery]
    # The daily checks that came second found the case checked; a closure reported second
    # is told that a recovery is open.
    assert all(r is None or r == ["A recovery is open already."] for r in results if r != recovery)
    assert paid.events.filter(action="recovery").count() == 1
    assert Notification.objects.filter(kind="obligations_checked").count() == 1
    assert Notification.objects.filter(kind="recovery_opened").count() == 1
