"""The hourly limit of account e-mails per address holds when requests arrive at once:
PostgreSQL, one connection per thread, all let go together."""

import threading

import pytest
from django.db import connection

from accounts import emails, services
from accounts.models import OutgoingEmail
from tests.factories import UserFactory


def at_once(action, times: int) -> None:
    start = threading.Barrier(times)

    def run():
        try:
            start.wait()
            action()
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


@pytest.mark.needs_postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_reset_requests_at_once_queue_three_emails():
    UserFactory(email="target@example.com")

    at_once(
        lambda: services.password_reset_request(
            email="target@example.com", base_url="http://testserver"
        ),
        20,
    )

    assert OutgoingEmail.objects.filter(kind=emails.PASSWORD_RESET).count() == 3


@pytest.mark.needs_postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_sign_ups_with_a_known_address_at_once_tell_its_owner_three_times():
    UserFactory(email="target@example.com")

    at_once(
        lambda: services.user_sign_up(
            email="Target@Example.com",
            full_name="Someone",
            password="lantern-harbour-cobalt",
            language="en",
            base_url="http://testserver",
        ),
        20,
    )

    assert OutgoingEmail.objects.filter(kind=emails.ACCOUNT_EXISTS).count() == 3
