"""The site's Redis cache backend, against a real Redis."""

import socket
import uuid

import pytest

from pagecache.redis import RedisCache


def redis_answers() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


pytestmark = pytest.mark.skipif(not redis_answers(), reason="needs Redis on 127.0.0.1:6379")


@pytest.fixture
def cache():
    cache = RedisCache("redis://127.0.0.1:6379/14", {"KEY_PREFIX": f"test-{uuid.uuid4()}"})
    yield cache
    cache.delete_many(["page", "version"])


def test_stores_and_reads_what_the_page_cache_needs(cache):
    headers = [("Content-Type", "text/html; charset=utf-8"), ("Content-Language", "fr")]
    cache.set("page", (7, b"<html>page</html>", headers), 30)
    cache.add("version", 7, timeout=None)
    assert cache.incr("version") == 8
    assert cache.get_many(["page", "version", "missing"]) == {
        "page": (7, b"<html>page</html>", headers),
        "version": 8,
    }


def test_one_client_serves_every_call(cache):
    client = cache._cache.get_client()
    cache.set("page", "x", 30)
    assert cache._cache.get_client() is client
    assert cache._cache.get_client(write=True) is client
