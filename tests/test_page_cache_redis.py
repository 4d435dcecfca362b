"""The page cache's dependencies and marks in Redis, as production keeps them, shared by every
process and node; and edits that never fail when Redis does not answer."""

import uuid

import pytest
import redis
from django.core.cache import cache
from django.db import connection
from django.test.signals import template_rendered
from django.test.utils import CaptureQueriesContext

from actions.models import Action
from pagecache import redis as cache_backend

from . import test_page_cache_dependencies as dependencies
from .servers import free_port
from .test_page_cache_dependencies import SHOWING_MEXICO_II, cached, rename, rendered, visit
from .test_redis_cache import redis_answers

# A fixture of the tests of the same behaviour in local memory.
no_worker = dependencies.no_worker

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not redis_answers(), reason="needs Redis on 127.0.0.1:6379"),
]

REDIS = "redis://127.0.0.1:6379/12"


@pytest.fixture
def shared_cache(settings):
    """The site's Redis backend, on a database and under a prefix of this test's own."""
    prefix = f"pagecache-test-{uuid.uuid4()}"
    settings.CACHES = {
        "default": {
            "BACKEND": "pagecache.redis.RedisCache",
            "LOCATION": REDIS,
            "KEY_PREFIX": prefix,
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
        }
    }
    settings.PUBLIC_PAGE_CACHE_SECONDS = 3600
    cache_backend._down_until.clear()
    yield redis.Redis.from_url(REDIS), prefix
    server = redis.Redis.from_url(REDIS)
    keys = list(server.scan_iter(match=f"{prefix}:*", count=1000))
    if keys:
        server.delete(*keys)


def test_an_edited_action_is_re_made_where_it_shows_and_nowhere_else(
    client,
    demo,
    shared_cache,
    remade,
    commit,
):
    visit(client, [*SHOWING_MEXICO_II, "/actions/kyrgyzstan-iv/", "/publications/"])
    untouched = cached(client, "/actions/kyrgyzstan-iv/")
    with commit():
        rename("mexico-ii", "Mexico II (protection of migrants)")
    assert remade == [sorted(SHOWING_MEXICO_II)]
    assert "Mexico II (protection of migrants)" in cached(client, "/actions/mexico-ii/")
    assert "Mexico II (protection of migrants)" in cached(client, "/countries/mx/")
    assert cached(client, "/actions/kyrgyzstan-iv/") == untouched
    cached(client, "/publications/")


def test_a_stale_page_is_served_until_its_re_render_then_rendered(
    client,
    demo,
    shared_cache,
    no_worker,
    remade,
    commit,
    settings,
):
    visit(client, ["/actions/mexico-ii/"])
    with commit():
        rename("mexico-ii", "Changed")
    assert remade == [["/actions/mexico-ii/"]]
    assert "Changed" not in cached(client, "/actions/mexico-ii/")  # within the window
    settings.PUBLIC_PAGE_STALE_SECONDS = 0
    assert "Changed" in rendered(client, "/actions/mexico-ii/")
    assert "Changed" in cached(client, "/actions/mexico-ii/")


def test_an_edit_during_a_render_leaves_no_stale_page(
    client,
    demo,
    shared_cache,
    commit,
):
    def edit_meanwhile(sender, **kwargs):
        template_rendered.disconnect(edit_meanwhile)
        with commit():
            rename("mexico-ii", "Changed during the render")

    template_rendered.connect(edit_meanwhile)
    client.get("/actions/mexico-ii/")
    assert "Changed during the render" in cached(client, "/actions/mexico-ii/")


def test_the_sets_of_pages_outlive_the_pages(client, demo, shared_cache):
    server, prefix = shared_cache
    client.get("/actions/mexico-ii/")
    pages = list(server.scan_iter(match=f"{prefix}:*pagecache:page:*"))
    sets = list(server.scan_iter(match=f"{prefix}:*pagecache:dep:*"))
    assert len(pages) == 1 and sets
    assert min(server.ttl(key) for key in sets) > server.ttl(pages[0])


@pytest.fixture
def cache_down(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "pagecache.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
        }
    }
    settings.PUBLIC_PAGE_CACHE_SECONDS = 3600
    cache_backend._down_until.clear()
    yield
    cache_backend._down_until.clear()


def test_edits_and_pages_go_on_while_redis_does_not_answer(
    client,
    demo,
    cache_down,
    remade,
    commit,
):
    with commit():
        rename("mexico-ii", "Saved all the same")
    assert Action.objects.get(slug="mexico-ii").title == "Saved all the same"
    assert remade == []
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/actions/mexico-ii/")
    assert response.status_code == 200 and len(queries) > 0
    assert "Saved all the same" in response.content.decode()
    assert cache.get("anything") is None
