"""Publishing against a real, private redis-server: the connection a process keeps between
publishes does not turn a broker restart in between into an outage (no warning, the
breaker stays closed, the message is queued)."""

import logging

import pytest

from accounts import broker
from notifications.services import publish

pytestmark = [pytest.mark.needs_redis]


def test_a_broker_restart_between_two_publishes_loses_neither(app_on_private_redis, caplog):
    redis = app_on_private_redis
    assert publish([1]) == 1

    redis.stop()
    redis.start()  # empty again: the first message went with the old server
    with caplog.at_level(logging.WARNING, logger="accounts.broker"):
        assert publish([2]) == 1

    assert broker.breaker.allows()
    assert not [r for r in caplog.records if r.name == "accounts.broker"]
    assert redis.client().llen("celery") == 1
