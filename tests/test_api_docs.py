"""The API's documentation page (/api/docs/): rendered by the site from the schema that
/api/schema/ serves, it documents every operation with its parameters and the fields of its
answer, links only to what it holds, reads nothing from the database and runs no script of its
own."""

import html
import re

import pytest

pytestmark = pytest.mark.django_db

# The page reads the schema, generated once per release, and the settings: never the database.
DOCS_QUERIES = 0


@pytest.fixture
def schema(client):
    return client.get("/api/schema/?format=json").json()


@pytest.fixture
def docs(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    return response.content.decode()


def operation_html(page: str, operation_id: str) -> str:
    """The part of the page that documents one operation, as its text and markup."""
    start = page.index(f'<section class="mb-5" id="operation-{operation_id}"')
    return page[start : page.index("</section>", start)].replace("<wbr>", "")


def component(schema, ref: str) -> dict:
    return schema["components"]["schemas"][ref.rsplit("/", 1)[1]]


def test_every_operation_is_documented_with_its_parameters_and_fields(schema, docs):
    operations = 0
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            part = operation_html(docs, operation["operationId"])
            assert f"{method.upper()} {path}</h3>" in part
            assert html.escape(operation["summary"]) in part
            for parameter in operation["parameters"]:
                assert (
                    f'<th scope="row"><code class="text-nowrap">{parameter["name"]}</code>' in part
                ), (
                    path,
                    parameter["name"],
                )
            body = component(
                schema,
                operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"],
            )
            for name in body["properties"]:
                assert f'<th scope="row"><code>{name}</code></th>' in part, (path, name)
            for status in operation["responses"]:
                assert f'<th scope="row">{status}<span' in part, (path, status)
            operations += 1
    assert operations == len(schema["paths"]) == docs.count('<section class="mb-5" id="operation-')


def test_each_list_shows_the_fields_of_its_items(schema, docs):
    listing = schema["paths"]["/api/actions/"]["get"]
    page = component(
        schema, listing["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    )
    item = component(schema, page["properties"]["results"]["items"]["$ref"])
    part = operation_html(docs, listing["operationId"])
    for name in item["properties"]:
        assert f'<th scope="row"><code>{name}</code></th>' in part, name
    # Allowed values, from the schema's enum, each with its meaning.
    assert '<code class="text-break">-start</code>: Newest first' in part


def test_every_link_within_the_page_has_its_target(docs):
    targets = set(re.findall(r'\bid="([^"]+)"', docs))
    links = set(re.findall(r'href="#([^"]+)"', docs))
    assert {"object-TranslatedText", "object-Error", "section-roundtables"} <= links
    assert links - targets == set()


def test_the_examples_are_addresses_on_the_site_that_serves_the_page(client, settings):
    settings.ALLOWED_HOSTS = ["data.example.org"]
    page = client.get("/api/docs/", headers={"host": "data.example.org"}).content.decode()
    assert "curl -s 'http://data.example.org/api/actions/'" in page
    assert "curl -s 'http://data.example.org/api/roundtables/SLUG/'" in page
    assert "Replace <code>SLUG</code> by the value of the parameter <code>slug</code>" in page


def test_the_page_is_the_sites_with_its_title_and_the_schema_links(docs):
    assert "<title>Open data API – MIEUX Regional Round-tables</title>" in docs
    assert docs.count("<h1") == 1
    assert 'href="/api/schema/">OpenAPI schema (YAML)' in docs
    assert 'href="/api/schema/?format=json">OpenAPI schema (JSON)' in docs
    assert 'hreflang="fr"' not in docs  # English only


def test_the_page_states_the_rate_limit_in_force(client, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"api": "30/h"}}
    page = client.get("/api/docs/").content.decode()
    assert "Each address may make 30 requests an hour" in " ".join(page.split())


def test_the_page_runs_no_script_and_sets_no_style_of_its_own(docs):
    """What the site's Content-Security-Policy would refuse: inline scripts and styles."""
    assert re.findall(r"<script(?![^>]*\bsrc=)", docs) == []
    assert re.findall(r"<style\b|\sstyle=", docs) == []
    assert "swagger" not in docs.lower()


def test_the_page_reads_nothing_from_the_database(client, django_assert_num_queries):
    client.get("/api/docs/")  # the schema, generated on the first request of a release
    with django_assert_num_queries(DOCS_QUERIES):
        assert client.get("/api/docs/").status_code == 200
