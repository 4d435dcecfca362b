"""Django's Redis cache backend, with one redis-py client per connection pool.

Django's client builds a new ``redis.Redis`` on every cache call, and each one sets up its
table of some 170 response callbacks: about a third of the time a cached page takes. The
redis-py client is thread-safe and holds no per-call state, so one per pool is kept instead.
"""

from django.core.cache.backends import redis


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
