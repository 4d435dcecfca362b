"""The page cache: public pages served whole to anonymous visitors, refreshed when what they
show changes (tests/test_page_cache_dependencies.py goes into which pages)."""

import re

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from actions.models import Action
from pagecache.middleware import release
from pagecache.versions import content_version
from roundtables.models import Participant

from .crawl import crawl_public_pages
from .factories import ReflectionFactory, UserFactory

pytestmark = pytest.mark.django_db


PAGES_SHOWING_MEXICO_II = [
    "/",  # counts
    "/actions/",
    "/actions/mexico-ii/",
    "/countries/mx/",
    "/regions/latin-america-caribbean/",
    "/roundtables/mexico-city-2018/",
]


def queries_for(client, url, **extra):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, **extra)
    return response, len(context.captured_queries)


def test_anonymous_pages_are_served_from_the_cache(client, demo, page_cache):
    first, cold = queries_for(client, "/actions/mexico-ii/")
    second, warm = queries_for(client, "/actions/mexico-ii/")
    assert cold > 0 and warm == 0
    assert first.content == second.content
    assert second["Content-Security-Policy"]  # headers still come from the middleware


def test_a_cached_page_keeps_the_headers_the_whole_stack_gave_it(client, demo, page_cache):
    first = client.get("/actions/mexico-ii/")
    second, queries = queries_for(client, "/actions/mexico-ii/")
    assert queries == 0
    for header in ("Content-Type", "Content-Language", "Vary", "X-Frame-Options"):
        assert second[header] == first[header], header
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert second["Referrer-Policy"] == "same-origin"


def test_each_address_has_its_own_cached_copy(client, demo, page_cache):
    english = client.get("/actions/mexico-ii/").content.decode()
    french, queries = queries_for(client, "/fr/actions/mexico-ii/")
    assert queries > 0 and french["Content-Language"] == "fr"
    assert french.content.decode() != english and 'lang="fr"' in french.content.decode()
    again, queries = queries_for(client, "/fr/actions/mexico-ii/")
    assert queries == 0 and again.content == french.content
    # The address alone says the language: a French browser still gets the English page.
    response, queries = queries_for(
        client, "/actions/mexico-ii/", headers={"accept-language": "fr"}
    )
    assert queries == 0 and response.content.decode() == english


def test_missing_pages_are_not_cached(client, demo, page_cache):
    assert client.get("/actions/no-such-action/").status_code == 404
    response, queries = queries_for(client, "/actions/no-such-action/")
    assert response.status_code == 404 and queries > 0


def test_a_changed_action_shows_at_once_on_every_page(
    client, demo, page_cache, django_capture_on_commit_callbacks
):
    for url in PAGES_SHOWING_MEXICO_II:
        client.get(url)
    action = Action.objects.get(slug="mexico-ii")
    with django_capture_on_commit_callbacks(execute=True):
        action.title = "Mexico II (protection of migrants)"
        action.save()
    for url in [
        "/actions/",
        "/actions/mexico-ii/",
        "/countries/mx/",
        "/regions/latin-america-caribbean/",
    ]:
        assert "Mexico II (protection of migrants)" in client.get(url).content.decode(), url
    with django_capture_on_commit_callbacks(execute=True):
        action.is_published = False
        action.save()
    assert client.get("/actions/mexico-ii/").status_code == 404
    assert "Mexico II (protection" not in client.get("/actions/").content.decode()


def test_one_transaction_bumps_the_content_version_once(
    demo, page_cache, django_capture_on_commit_callbacks
):
    action = Action.objects.filter(specific_areas__isnull=False).first()
    before = content_version()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        action.specific_areas.set([])  # links removed: one row each
        action.title = "Renamed"
        action.save()
    assert content_version() == before + 1


def test_staff_and_previews_are_never_served_from_the_cache(client, demo, page_cache):
    client.get("/actions/")
    Action.objects.filter(slug="mexico-ii").update(is_published=False)  # no signal: stale cache
    assert "Mexico II<" in client.get("/actions/").content.decode()  # the anonymous cached copy
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert "Mexico II<" not in client.get("/actions/").content.decode()


def test_search_and_participant_pages_are_not_cached(client, demo, page_cache):
    client.get("/search/?q=migration")
    again = client.get("/search/?q=migration")
    assert again.templates  # rendered again (whatever the search keeps of its results)
    assert "no-store" in client.get("/reflect/")["Cache-Control"]


def test_made_up_parameters_are_never_cached(client, demo, page_cache):
    for n in range(3):
        client.get(f"/actions/mexico-ii/?utm={n}")
    _, queries = queries_for(client, "/actions/mexico-ii/?utm=1")
    assert queries > 0  # served fresh, not stored
    client.get("/actions/?region=asia&page=1")
    _, queries = queries_for(client, "/actions/?region=asia&page=1")
    assert queries == 0  # the list's own filters are cached


def test_only_one_spelling_of_each_valid_address_is_cached(client, demo, page_cache):
    for url in [
        "/actions/mexico-ii/?page=2",  # a page that is not paginated
        "/actions/?page=01",
        "/actions/?region=no-such-region",  # refused by the filters
        "/actions/?status=completed&status=ongoing",
    ]:
        client.get(url)
        _, queries = queries_for(client, url)
        assert queries > 0, url
    client.get("/actions/?status=completed&region=asia")
    _, queries = queries_for(client, "/actions/?region=asia&status=completed")
    assert queries == 0  # the same page, whatever the order of its parameters


def test_http_and_https_pages_are_cached_apart(client, demo, page_cache):
    client.get("/actions/mexico-ii/")
    with CaptureQueriesContext(connection) as context:
        response = client.get("/actions/mexico-ii/", secure=True)
    assert len(context.captured_queries) > 0
    assert 'rel="canonical" href="https://' in response.content.decode()


def test_a_new_release_never_serves_the_last_ones_pages(client, demo, page_cache, settings):
    client.get("/actions/mexico-ii/")
    settings.RELEASE = "next-release"
    release.cache_clear()
    try:
        _, queries = queries_for(client, "/actions/mexico-ii/")
        assert queries > 0
    finally:
        release.cache_clear()


def test_the_site_keeps_working_when_the_cache_is_down(client, demo, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 3600
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        }
    }
    response = client.get("/actions/mexico-ii/")
    assert response.status_code == 200
    health = client.get("/healthz")
    assert health.status_code == 503 and health.json()["cache"] == "unavailable"


def test_every_model_a_public_page_reads_refreshes_the_cached_pages(client, demo):
    """Each table a cached page reads belongs to a model that opts in to the page cache (or,
    for many-to-many links, to a model that does), so that no edit leaves a stale page."""
    from django.apps import apps

    from pagecache.content import ShownOnPublicPages

    philippines = Action.objects.get(slug="the-philippines-i")
    for participant in Participant.objects.filter(roundtable__slug="bangkok-2018")[:2]:
        ReflectionFactory(participant=participant, status="approved").related_actions.add(
            philippines
        )
    with CaptureQueriesContext(connection) as queries:
        pages = crawl_public_pages(client)
    assert len(pages) > 20
    read = {
        table
        for query in queries.captured_queries
        for table in re.findall(r'(?:FROM|JOIN)\s+"(\w+)"', query["sql"])
    }
    owners = {}
    for model in apps.get_models(include_auto_created=True):
        # A many-to-many table changes with the links of the model that declares them.
        owners[model._meta.db_table] = model._meta.auto_created or model
    assert read <= owners.keys(), read - owners.keys()
    unwatched = {
        owners[table]._meta.label
        for table in read
        if not issubclass(owners[table], ShownOnPublicPages)
    }
    assert unwatched == set()
