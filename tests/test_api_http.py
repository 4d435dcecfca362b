"""The API over HTTP: readable from any origin with GET only, limited per address (cached
answers and 304s counted too), revalidated with ETags, cached with the public pages' content
version (so a change shows at once), and still answering when the cache is down."""

import re
import time
import uuid
from unittest import mock

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actions.filters import ActionFilter
from actions.models import Action, ThematicArea
from pagecache import redis as cache_backend
from pagecache.content import ShownOnPublicPages
from roundtables.models import Participant

from .factories import ActionFactory, ReflectionFactory, ThematicAreaFactory

pytestmark = pytest.mark.django_db

ORIGIN = "https://research.example.org"


@pytest.fixture(autouse=True)
def _counts_from_zero():
    """Each test's requests are counted from zero (the rate limit counts in the cache)."""
    cache.clear()


@pytest.fixture
def rate(settings):
    """The rate limit on, at ``limit(n)`` requests a minute, counting from zero."""

    def limit(number):
        settings.RATELIMIT_ENABLE = True
        settings.REST_FRAMEWORK = {
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {"api": f"{number}/m"},
        }
        cache.clear()

    yield limit
    cache.clear()


def queries_for(client, url, **headers):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, headers=headers)
    return response, len(context.captured_queries)


def test_any_origin_may_read_with_get_only(client, db):
    preflight = client.options(
        "/api/actions/",
        headers={"origin": ORIGIN, "access-control-request-method": "GET"},
    )
    assert preflight.status_code == 200
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert "POST" not in preflight["Access-Control-Allow-Methods"]
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    assert "Access-Control-Allow-Credentials" not in preflight
    response = client.get("/api/actions/", headers={"origin": ORIGIN})
    assert response.status_code == 200 and response["Access-Control-Allow-Origin"] == "*"
    assert response["Content-Type"] == "application/json"
    refused = client.post("/api/actions/", {}, headers={"origin": ORIGIN})
    assert refused.status_code == 405 and refused.json()["detail"]
    # The rest of the site is not opened to other origins.
    assert "Access-Control-Allow-Origin" not in client.get("/", headers={"origin": ORIGIN})


@pytest.mark.parametrize(
    "url",
    ["/data/actions.csv", "/fr/data/actions.json", "/es/roundtables/calendar.ics"],
)
def test_the_downloads_and_the_calendar_are_open_to_any_origin_in_every_language(client, db, url):
    response = client.get(url, headers={"origin": ORIGIN})
    assert response.status_code == 200 and response["Access-Control-Allow-Origin"] == "*"
    for private in ("/fr/", "/es/actions/", "/reflect/"):
        assert "Access-Control-Allow-Origin" not in client.get(private, headers={"origin": ORIGIN})


def test_the_api_speaks_json_and_has_no_browsable_pages(client, db):
    response = client.get("/api/regions/", headers={"accept": "text/html"})
    assert response.status_code == 406 and response["Content-Type"] == "application/json"
    assert client.get("/api/regions/?format=api").status_code == 404


def test_too_many_requests_from_one_address_are_refused_with_retry_after(client, db, rate):
    rate(3)
    for _ in range(3):
        assert client.get("/api/regions/").status_code == 200
    refused = client.get("/api/regions/")
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    assert "throttled" in refused.json()["detail"]
    # Another address is counted apart.
    assert client.get("/api/regions/", REMOTE_ADDR="192.0.2.7").status_code == 200


def test_behind_proxies_the_limit_counts_the_client_not_the_proxy(client, db, rate, settings):
    settings.PROXY_COUNT = 1
    rate(2)
    for visitor in ("198.51.100.1", "198.51.100.2", "198.51.100.3"):
        for _ in range(2):
            response = client.get("/api/regions/", headers={"x-forwarded-for": visitor})
            assert response.status_code == 200, visitor
    refused = client.get("/api/regions/", headers={"x-forwarded-for": "198.51.100.1"})
    assert refused.status_code == 429


def test_cached_answers_and_304s_count_towards_the_limit(client, db, rate, page_cache):
    rate(3)
    first, _queries = queries_for(client, "/api/thematic-areas/")
    cached, queries = queries_for(client, "/api/thematic-areas/")
    assert cached.status_code == 200 and queries == 0  # from the cache
    unchanged = client.get("/api/thematic-areas/", headers={"if-none-match": first["ETag"]})
    assert unchanged.status_code == 304
    assert client.get("/api/thematic-areas/").status_code == 429


def test_an_unchanged_answer_is_revalidated_with_its_etag(client, db):
    ThematicAreaFactory(slug="labour", name="Labour migration")
    first = client.get("/api/thematic-areas/labour/")
    etag = first["ETag"]
    assert first.status_code == 200 and etag.startswith('"')
    assert first["Cache-Control"] == "no-cache"  # keep it, but ask each time
    unchanged = client.get("/api/thematic-areas/labour/", headers={"if-none-match": etag})
    assert unchanged.status_code == 304 and unchanged.content == b""
    assert unchanged["ETag"] == etag
    weak = client.get("/api/thematic-areas/labour/", headers={"if-none-match": f"W/{etag}"})
    assert weak.status_code == 304
    ThematicArea.objects.filter(slug="labour").update(name_fr="Migration de travail")
    changed = client.get("/api/thematic-areas/labour/", headers={"if-none-match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert changed.json()["name"]["fr"] == "Migration de travail"
    other = client.get("/api/thematic-areas/", headers={"if-none-match": etag})
    assert other.status_code == 200  # an ETag is its own address's


def test_answers_are_cached_and_a_saved_object_changes_the_next_one(
    client, db, page_cache, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        action = ActionFactory(slug="mexico-ii", title="Mexico II")
    urls = ["/api/actions/", "/api/actions/mexico-ii/", "/api/regions/"]
    for url in urls:
        first, cold = queries_for(client, url)
        again, warm = queries_for(client, url)
        assert cold > 0 and warm == 0, url
        assert again.content == first.content and again["ETag"] == first["ETag"]
    with django_capture_on_commit_callbacks(execute=True):
        action.title = "Mexico II (protection of migrants)"
        action.save()
    for url in urls[:2]:
        response, queries = queries_for(client, url)
        assert queries > 0 and "protection of migrants" in response.content.decode(), url
    with django_capture_on_commit_callbacks(execute=True):
        Action.objects.get(slug="mexico-ii").delete()
    assert client.get("/api/actions/mexico-ii/").status_code == 404


def test_only_addresses_the_api_knows_are_cached(client, db, page_cache):
    ThematicAreaFactory()
    for url in ["/api/thematic-areas/?utm=1", "/api/actions/?status=ongoing&status=completed"]:
        client.get(url)
        _response, queries = queries_for(client, url)
        assert queries > 0, url
    assert client.get("/api/actions/?status=nothing").status_code == 400
    # A refusal is not kept: the filters are checked again.
    with mock.patch.object(ActionFilter, "is_valid", autospec=True, return_value=False) as checked:
        client.get("/api/actions/?status=nothing")
    assert checked.called


def test_each_host_has_its_own_cached_links(client, db, page_cache, settings):
    settings.ALLOWED_HOSTS = ["testserver", "data.example.org"]
    ThematicAreaFactory(slug="labour")
    client.get("/api/thematic-areas/labour/")
    other = client.get("/api/thematic-areas/labour/", HTTP_HOST="data.example.org")
    assert other.json()["url"] == "http://data.example.org/api/thematic-areas/labour/"


def test_the_api_answers_when_the_cache_is_down(client, db, settings, rate):
    rate(1000)
    settings.PUBLIC_PAGE_CACHE_SECONDS = 3600
    settings.CACHES = {
        "default": {
            "BACKEND": "pagecache.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "KEY_PREFIX": f"api-outage-{uuid.uuid4()}",
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
        }
    }
    cache_backend._down_until.clear()
    ThematicAreaFactory(slug="labour")
    try:
        started = time.monotonic()
        for url in ["/api/thematic-areas/", "/api/thematic-areas/labour/", "/api/"] * 3:
            response = client.get(url)
            assert response.status_code == 200, url  # and the rate limit lets it through
            assert response["ETag"]
        assert time.monotonic() - started < 2
    finally:
        cache_backend._down_until.clear()


def test_pages_are_at_most_a_hundred_rows(client, db):
    ThematicArea.objects.bulk_create(
        ThematicArea(name=f"Area {n}", name_en=f"Area {n}", slug=f"area-{n}") for n in range(105)
    )
    page = client.get("/api/thematic-areas/?page_size=1000").json()
    assert page["count"] == 105 and len(page["results"]) == 100
    assert len(client.get("/api/thematic-areas/").json()["results"]) == 20


def test_the_entry_point_lists_every_list_the_schema_and_the_docs(client, db):
    root = client.get("/api/").json()
    assert root["licence"] == "https://creativecommons.org/licenses/by/4.0/"
    for name, url in root.items():
        if name != "licence":
            assert client.get(url).status_code == 200, name


def test_the_docs_page_is_limited_like_the_rest(client, db, rate):
    rate(1)
    assert client.get("/api/docs/").status_code == 200
    refused = client.get("/api/docs/")
    assert refused.status_code == 429 and refused["Retry-After"]


def test_every_table_the_api_reads_refreshes_its_cached_answers(client, demo):
    """Each table an answer reads belongs to a model whose changes move the content version
    (``ShownOnPublicPages``), so that no change leaves a stale answer in the cache."""
    for participant in Participant.objects.all()[:3]:
        ReflectionFactory(participant=participant, status="approved")
    with CaptureQueriesContext(connection) as captured:
        for listing in client.get("/api/").json().values():
            if "/api/" not in listing or listing.endswith(("/schema/", "/docs/")):
                continue
            for row in client.get(listing).json()["results"][:3]:
                assert client.get(row["url"]).status_code == 200, row["url"]
    read = {
        table
        for query in captured.captured_queries
        for table in re.findall(r'(?:FROM|JOIN)\s+"(\w+)"', query["sql"])
    }
    owners = {}
    for model in apps.get_models(include_auto_created=True):
        owners[model._meta.db_table] = model._meta.auto_created or model
    unwatched = {
        owners[table]._meta.label
        for table in read
        if not issubclass(owners[table], ShownOnPublicPages)
    }
    assert len(read) > 10 and unwatched == set()
