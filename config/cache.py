"""Django's Redis cache, made to fail soft: a cache that does not answer must not fail a
page. A read that fails is a miss (the page computes the value), a write or delete that
fails is logged once per outage (another process may then keep its copy for up to the
value's lifetime, a minute for the desk's options). Each call waits at most
CACHE_TIMEOUT seconds for Redis."""

import logging

from django.conf import settings
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        options = params.setdefault("OPTIONS", {})
        timeout = getattr(settings, "CACHE_TIMEOUT", 0.1)
        options.setdefault("socket_connect_timeout", timeout)
        options.setdefault("socket_timeout", timeout)
        super().__init__(server, params)
        self._down = False

    def _soft(self, method, default, *args, **kwargs):
        try:
            result = getattr(super(), method)(*args, **kwargs)
        except RedisError as exc:
            if not self._down:
                logger.warning("The cache does not answer (%s): pages compute their values", exc)
            self._down = True
            return default
        self._down = False
        return result

    def get(self, key, default=None, version=None):
        return self._soft("get", default, key, default, version)

    def get_many(self, keys, version=None):
        return self._soft("get_many", {}, keys, version)

    def set(self, key, value, timeout=None, version=None):
        return self._soft("set", None, key, value, timeout, version)

    def delete(self, key, version=None):
        return self._soft("delete", False, key, version)

    def delete_many(self, keys, version=None):
        return self._soft("delete_many", None, keys, version)
