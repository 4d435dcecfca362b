"""Django's Redis cache backend, made cheap to call and safe to lose.

**One client per pool.** Django's client builds a new ``redis.Redis`` on every cache call, and
each one sets up its table of some 170 response callbacks: about a third of the time a cached
page takes. The redis-py client is thread-safe and holds no per-call state, so one per pool is
kept instead.

**A cache that is down is a cache that misses.** The site must keep answering when Redis is
down or hangs: every call has short connect and read timeouts (``socket_connect_timeout`` and
``socket_timeout`` in ``OPTIONS``), and once a call fails the process stops asking for
``RETRY_AFTER`` seconds, so a hanging Redis costs one timeout per process in that time, not
one per call. Meanwhile reads miss, writes do nothing and ``incr`` raises ``ValueError``, as
for a missing key: pages are served uncached, django-ratelimit lets requests through (it
treats a failed count as "fail open"), and the health check reports the cache unavailable.
The outage and the recovery are each logged once. On recovery the content version is bumped:
content changed during the outage could not invalidate the pages stored before it.
"""

import logging
import time

from django.core.cache.backends import redis as django_redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, OSError)

# Seconds without asking a Redis that failed, per process and server.
RETRY_AFTER = 5.0

# Until when each server counts as down (time.monotonic()), shared by the process's threads.
_down_until: dict[tuple, float] = {}


class CacheUnavailable(ValueError):
    """``incr`` while the cache is down: a ValueError, as for a missing key."""


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, servers, *args, **kwargs):
        super().__init__(servers, *args, **kwargs)
        self._servers_key = tuple(servers)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client

    # --- Failing soft ------------------------------------------------------------------------

    def _call(self, method, *args, unavailable):
        """``method(*args)``, or ``unavailable`` when the server is down or fails now."""
        down_until = _down_until.get(self._servers_key)
        if down_until is not None and time.monotonic() < down_until:
            return unavailable
        try:
            result = method(*args)
        except UNAVAILABLE as error:
            self._went_down(error, was_down=down_until is not None)
            return unavailable
        if down_until is not None:
            self._came_back()
        return result

    def _went_down(self, error, *, was_down):
        _down_until[self._servers_key] = time.monotonic() + RETRY_AFTER
        if not was_down:
            logger.error(
                "The cache does not answer (%s: %s): pages are served uncached and rate limits "
                "let requests through; asking again every %s s.",
                type(error).__name__,
                error,
                RETRY_AFTER,
            )

    def _came_back(self):
        _down_until.pop(self._servers_key, None)
        logger.warning("The cache answers again; the cached pages are refreshed.")
        from .versions import bump_content_version  # imports this backend's cache

        bump_content_version()

    def add(self, key, value, timeout):
        return self._call(super().add, key, value, timeout, unavailable=False)

    def get(self, key, default):
        return self._call(super().get, key, default, unavailable=default)

    def set(self, key, value, timeout):
        return self._call(super().set, key, value, timeout, unavailable=None)

    def touch(self, key, timeout):
        return self._call(super().touch, key, timeout, unavailable=False)

    def delete(self, key):
        return self._call(super().delete, key, unavailable=False)

    def get_many(self, keys):
        return self._call(super().get_many, keys, unavailable={})

    def has_key(self, key):
        return self._call(super().has_key, key, unavailable=False)

    def incr(self, key, delta):
        unavailable = object()
        result = self._call(super().incr, key, delta, unavailable=unavailable)
        if result is unavailable:
            raise CacheUnavailable("The cache does not answer.")
        return result

    def set_many(self, data, timeout):
        return self._call(super().set_many, data, timeout, unavailable=None)

    def delete_many(self, keys):
        return self._call(super().delete_many, keys, unavailable=None)

    def clear(self):
        return self._call(super().clear, unavailable=False)


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
