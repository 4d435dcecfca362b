"""The site keeps answering when Redis is down or hangs: pages uncached, forms saved, rate
limits letting people through, the health check saying 503; and when Redis answers again, the
pages cached before the outage are refreshed."""

import logging
import time
import uuid

import pytest
from django.core.cache import cache

from pagecache import redis as cache_backend
from pagecache.versions import VERSION_KEY, content_version
from reflections.models import Reflection

from .reflections import answers, rendered_seconds_ago, url
from .servers import free_port, silent_server
from .test_redis_cache import redis_answers

pytestmark = pytest.mark.django_db

TIMEOUT = 0.25


def redis_at(location, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "pagecache.redis.RedisCache",
            "LOCATION": location,
            "KEY_PREFIX": f"outage-{uuid.uuid4()}",
            "OPTIONS": {"socket_connect_timeout": TIMEOUT, "socket_timeout": TIMEOUT},
        }
    }
    settings.PUBLIC_PAGE_CACHE_SECONDS = 3600
    cache_backend._down_until.clear()


@pytest.fixture
def closed_port(settings):
    """A Redis address where nothing listens."""
    redis_at(f"redis://127.0.0.1:{free_port()}/0", settings)
    yield
    cache_backend._down_until.clear()


@pytest.fixture
def hanging(settings):
    """A Redis address that accepts connections and never answers."""
    with silent_server() as port:
        redis_at(f"redis://127.0.0.1:{port}/0", settings)
        yield
    cache_backend._down_until.clear()


@pytest.fixture(params=["closed port", "hanging"])
def broken_cache(request):
    request.getfixturevalue("closed_port" if request.param == "closed port" else "hanging")
    return request.param


def timed(call):
    started = time.monotonic()
    result = call()
    return result, time.monotonic() - started


def test_pages_answer_uncached_and_quickly(client, demo, broken_cache):
    for path in ["/", "/roundtables/bangkok-2018/", "/fr/actions/", "/search/?q=migration"] * 3:
        response, seconds = timed(lambda: client.get(path))  # noqa: B023
        assert response.status_code == 200, path
        # Well under a second: one short timeout, then no more asking for a few seconds.
        assert seconds < 1, (path, seconds)


def test_a_reflection_is_saved_and_the_rate_limit_lets_it_through(
    post, lao, token, broken_cache, caplog
):
    with caplog.at_level(logging.ERROR, logger="pagecache.redis"):
        response = post(url(token), answers(rendered=rendered_seconds_ago()))
    assert response.status_code == 302
    assert Reflection.objects.get(participant=lao).meaning == answers()["meaning"]
    assert "The cache does not answer" in caplog.text
    assert "rate limits let requests through" in caplog.text


def test_a_lost_link_is_sent_again(post, lao, token, broken_cache):
    asked = {"email": lao.email, "website": "", "rendered": rendered_seconds_ago()}
    response, seconds = timed(lambda: post("/reflect/", asked))
    assert response.status_code == 200
    assert "Check your e-mail" in response.content.decode()
    assert seconds < 1


def test_the_health_check_says_the_cache_is_unavailable(client, demo, broken_cache):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["cache"] == "unavailable"
    assert response.json()["database"] == "ok"


def test_an_outage_is_logged_once(client, demo, closed_port, caplog, monkeypatch):
    monkeypatch.setattr(cache_backend, "RETRY_AFTER", 0)  # ask Redis on every call
    with caplog.at_level(logging.ERROR, logger="pagecache.redis"):
        for _ in range(3):
            client.get("/")
    assert caplog.text.count("The cache does not answer") == 1


@pytest.mark.skipif(not redis_answers(), reason="needs Redis on 127.0.0.1:6379")
def test_pages_cached_before_an_outage_are_refreshed_when_the_cache_returns(settings):
    redis_at("redis://127.0.0.1:6379/13", settings)
    before = content_version()
    # This process saw Redis fail, and the time to ask again has come...
    cache_backend._down_until[cache._cache._servers_key] = time.monotonic() - 1
    # ... its first answer refreshes every page: changes made meanwhile could not.
    assert cache.get("anything") is None
    assert cache.get(VERSION_KEY) == before + 1
    assert cache_backend._down_until == {}
