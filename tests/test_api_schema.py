"""Every answer of the open-data API is what its OpenAPI schema (/api/schema/) says: each
list and record, a missing record or page (404), a refused filter (400), a copy still current
(304) and too many requests (429); the schema itself is valid OpenAPI 3 and names its
licence."""

import json

import pytest
from django.core.cache import cache
from openapi_core import OpenAPI
from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse

from actions.models import Outcome
from roundtables.models import Participant, RoundTable

from .factories import ReflectionFactory, RoundTableFactory

pytestmark = pytest.mark.django_db

# name: (list, record, a record that does not exist, a filter the list cannot apply)
RESOURCES = {
    "roundtables": (
        "/api/roundtables/?region=asia&status=held&year=2018",
        "/api/roundtables/bangkok-2018/",
        "/api/roundtables/atlantis-2018/",
        "?region=atlantis",
    ),
    "countries": (
        "/api/countries/?region=asia",
        "/api/countries/TH/",
        "/api/countries/FR/",
        "?region=x",
    ),
    "regions": ("/api/regions/", "/api/regions/asia/", "/api/regions/atlantis/", None),
    "thematic areas": (
        "/api/thematic-areas/",
        "/api/thematic-areas/legal-migration-mobility/",
        "/api/thematic-areas/piracy/",
        None,
    ),
    "specific areas": (
        "/api/specific-areas/",
        "/api/specific-areas/lm-labour-migration/",
        "/api/specific-areas/piracy/",
        None,
    ),
    "actions": (
        "/api/actions/?region=asia&sort=title",
        "/api/actions/the-philippines-i/",
        "/api/actions/atlantis-i/",
        "?year=1066",
    ),
    "outcomes": (
        "/api/outcomes/?country=la&roundtable=bangkok-2018",
        "/api/outcomes/LA/nmdwg-convened/",
        "/api/outcomes/LA/no-such-outcome/",
        "?country=XX",
    ),
    "findings": (
        "/api/findings/?kind=good_practice",
        "/api/findings/convening-is-a-result/",
        "/api/findings/no-such-finding/",
        "?kind=gossip",
    ),
    "reflections": ("/api/reflections/?language=en", None, "/api/reflections/999999/", "?action=x"),
}


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    """These tests read many answers in a row; the rate limit has tests of its own."""
    settings.RATELIMIT_ENABLE = False


@pytest.fixture
def openapi(client):
    response = client.get("/api/schema/?format=json")
    assert response.status_code == 200
    return OpenAPI.from_dict(response.json())  # checks the schema against OpenAPI 3 first


@pytest.fixture
def content(demo):
    """The demo tour, with approved reflections and a planned round-table."""
    first, second = Participant.objects.filter(roundtable__slug="bangkok-2018")[:2]
    reflection = ReflectionFactory(participant=first, status="approved")
    ReflectionFactory(participant=second, status="approved", attribution="anonymous")
    RoundTableFactory(
        slug="dakar-2019",
        status=RoundTable.Status.PLANNED,
        start_date=None,
        end_date=None,
        approximate_date="late May 2019",
    ).reported_outcomes.set(Outcome.objects.all()[:2])
    return reflection


def answer(openapi, client, url, status, **headers):
    """The answer to GET ``url``, which has ``status`` and matches the schema."""
    response = client.get(url, headers=headers)
    assert response.status_code == status, (url, response.content[:300])
    openapi.validate_response(
        DjangoOpenAPIRequest(response.wsgi_request), DjangoOpenAPIResponse(response)
    )
    return response


@pytest.mark.parametrize("resource", RESOURCES)
def test_every_answer_of_each_resource_matches_the_schema(openapi, client, content, resource):
    listing, record, missing, bad_filter = RESOURCES[resource]
    record = record or f"/api/reflections/{content.pk}/"
    found = answer(openapi, client, listing, 200).json()
    assert found["count"] >= 1 and found["results"]
    answer(openapi, client, listing.split("?")[0] + "?page=2&page_size=1", 200)
    answer(openapi, client, listing.split("?")[0] + "?page=999", 404)
    assert answer(openapi, client, record, 200).json()["url"].endswith(record)
    assert answer(openapi, client, missing, 404).json() == {"detail": "Not found."}
    if bad_filter:
        refused = answer(openapi, client, listing.split("?")[0] + bad_filter, 400).json()
        assert refused["errors"], refused


def test_a_planned_roundtable_and_the_entry_point_match_the_schema(openapi, client, content):
    planned = answer(openapi, client, "/api/roundtables/dakar-2019/", 200).json()
    assert planned["status"] == "planned" and planned["start_date"] is None
    root = answer(openapi, client, "/api/", 200).json()
    assert root["schema"].endswith("/api/schema/") and root["docs"].endswith("/api/docs/")


def test_a_current_copy_and_too_many_requests_match_the_schema(openapi, client, demo, settings):
    first = answer(openapi, client, "/api/regions/asia/", 200)
    answer(openapi, client, "/api/regions/asia/", 304, if_none_match=first["ETag"])
    settings.RATELIMIT_ENABLE = True
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"api": "1/m"},
    }
    cache.clear()
    client.get("/api/regions/")
    refused = answer(openapi, client, "/api/regions/", 429)
    assert int(refused["Retry-After"]) > 0


def test_the_validation_would_catch_an_answer_unlike_the_schema(openapi, client, demo):
    response = client.get("/api/regions/asia/")
    body = response.json()
    del body["countries"]
    response.content = json.dumps(body).encode()
    with pytest.raises(Exception, match="countries"):
        openapi.validate_response(
            DjangoOpenAPIRequest(response.wsgi_request), DjangoOpenAPIResponse(response)
        )


def test_the_schema_names_the_api_its_licence_and_a_contact(client, db):
    info = client.get("/api/schema/?format=json").json()["info"]
    assert "open data" in info["title"]
    assert info["license"] == {
        "name": "CC BY 4.0",
        "url": "https://creativecommons.org/licenses/by/4.0/",
    }
    assert info["contact"]["url"].startswith("https://")
    assert "If-None-Match" in info["description"]


def test_every_operation_documents_its_errors_and_pagination(client, db):
    schema = client.get("/api/schema/?format=json").json()
    for path, operations in schema["paths"].items():
        assert set(operations) == {"get"}, path  # read-only
        responses = operations["get"]["responses"]
        assert {"200", "304", "429"} <= set(responses), path
        assert "Retry-After" in responses["429"]["headers"], path
        assert "ETag" in responses["200"]["headers"], path
        if path != "/api/":
            assert "404" in responses, path
        body = responses["200"]["content"]["application/json"]["schema"]["$ref"]
        if body.startswith("#/components/schemas/Paginated"):
            name = body.rsplit("/", 1)[1]
            assert {"count", "next", "previous", "results"} <= set(
                schema["components"]["schemas"][name]["properties"]
            )
            parameters = {p["name"] for p in operations["get"]["parameters"]}
            assert {"page", "page_size"} <= parameters, path
