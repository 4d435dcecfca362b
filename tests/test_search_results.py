"""What a search costs and what it answers: its order in each language, every hit counted,
a bounded number of queries, its first page kept until the content changes, and a limit on
searches per address."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from actions.models import Action, Outcome
from findings.models import Finding, Publication
from pagecache.versions import bump_content_version
from pages.search import KINDS
from roundtables.models import Participant, RoundTable

from .factories import (
    ActionFactory,
    FindingFactory,
    OutcomeFactory,
    ParticipantFactory,
    PublicationFactory,
    ReflectionFactory,
    RoundTableFactory,
)

pytestmark = pytest.mark.django_db

POSTGRESQL = connection.vendor == "postgresql"
only_postgresql = pytest.mark.skipif(
    not POSTGRESQL, reason="SQLite ranks in Python, and at most a hundred hits of each kind"
)

# The demo tour's hits, best first, as the search has always ranked them on PostgreSQL:
# what each language's page lists (the same hits in the same order, at its own addresses).
RANKED = {
    "migration": [
        "publication building-bridges",
        "finding asia-labour-migration-and-trafficking",
        "outcome la nmdwg-convened",
        "outcome kg national-migration-policy",
        "action southeast-asia",
        "action kyrgyzstan-iv",
        "action mexico-ii",
        "action mexico-iii",
        "roundtable bangkok-2018",
        "roundtable mexico-city-2018",
        "roundtable nairobi-2018",
        "finding convening-is-a-result",
        "roundtable cotonou-2018",
    ],
    # each language's stemming: the same hits for the same word in three languages
    **dict.fromkeys(
        ["trafficking", "trata", "traite"],
        [
            "outcome th return-focal-points",
            "outcome tl police-training",
            "outcome kh police-training",
            "finding asia-labour-migration-and-trafficking",
            "roundtable bangkok-2018",
            "action the-philippines-i",
            "outcome th victim-protection-protocol",
            "finding study-visits-open-lasting-channels",
        ],
    ),
    # a country named in Spanish or French: what concerns it, ranked by its own words
    "Tailandia": [
        "outcome th victim-protection-protocol",
        "roundtable bangkok-2018",
        "outcome th return-focal-points",
        "finding study-visits-open-lasting-channels",
    ],
    "Thaïlande": [
        "outcome th victim-protection-protocol",
        "outcome th return-focal-points",
        "finding study-visits-open-lasting-channels",
        "roundtable bangkok-2018",
    ],
    "labour migration -data": [
        "finding asia-labour-migration-and-trafficking",
        "finding convening-is-a-result",
        "action southeast-asia",
        "action kyrgyzstan-iv",
        "roundtable bangkok-2018",
    ],
    '"working group"': [
        "outcome la nmdwg-convened",
        "roundtable bangkok-2018",
        "finding convening-is-a-result",
    ],
}


def address_of(hit: str) -> str:
    """The address of a hit named as in ``RANKED``, in the active language."""
    kind, *key = hit.split()
    if kind == "outcome":
        return Outcome.objects.get(country=key[0].upper(), code=key[1]).get_absolute_url()
    model = {"action": Action, "finding": Finding, "publication": Publication}
    return model.get(kind, RoundTable).objects.get(slug=key[0]).get_absolute_url()


# Queries of a search on PostgreSQL: one statement counts the hits of every kind, ranks them
# and makes the headlines of the page shown; then one loads the objects of each kind on the
# page. On SQLite: one per kind of content, each finding, ranking and counting its hits.
STATEMENT = 1
KINDS_OF_CONTENT = len(KINDS)


def search(client, query, prefix="", **params):
    response = client.get(f"{prefix}/search/", {"q": query, **params})
    assert response.status_code == 200
    return response


def urls(response):
    return [hit.url for hit in response.context["hits"]]


def queries_of(client, query, **params):
    with CaptureQueriesContext(connection) as queries:
        response = search(client, query, **params)
    return len(queries), response


@only_postgresql
@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_each_language_lists_the_same_hits_in_the_same_order(client, demo, language):
    prefix = "" if language == "en" else f"/{language}"
    for query, expected in RANKED.items():
        found = urls(search(client, query, prefix))
        with translation.override(language):
            assert found == [address_of(hit) for hit in expected], query


@only_postgresql
def test_every_hit_is_counted_and_reached(client, demo):
    for number in range(130):
        ActionFactory(title=f"Quokka study {number}")
    first = search(client, "quokka")
    assert "130 results for" in first.content.decode()
    assert ("actions", "Actions", 130) in first.context["kinds"]
    last = search(client, "quokka", page=7)
    assert len(urls(last)) == 10 and last.context["page_obj"].number == 7
    beyond = search(client, "quokka", page=99)
    assert urls(beyond) == urls(last)
    everything = {url for page in range(1, 8) for url in urls(search(client, "quokka", page=page))}
    assert len(everything) == 130


def test_a_search_runs_a_bounded_number_of_queries(client, demo):
    for number in range(30):
        ActionFactory(title=f"Migration study {number}")
        RoundTableFactory(title=f"Migration round-table {number}")
    count, response = queries_of(client, "migration")
    kinds_shown = {hit.kind for hit in response.context["hits"]}
    assert len(kinds_shown) > 1
    assert count == (STATEMENT + len(kinds_shown) if POSTGRESQL else KINDS_OF_CONTENT)
    count = queries_of(client, "migration", type="actions")[0]
    assert count == (STATEMENT + 1 if POSTGRESQL else KINDS_OF_CONTENT)
    assert queries_of(client, "migration", page=3)[0] <= STATEMENT + KINDS_OF_CONTENT


def test_hits_of_every_kind_are_read_with_their_titles_and_addresses(client, demo):
    """A hit is read with only what it shows (its title and address): nothing is read later,
    one object at a time, and a reflection's author and round-table are named."""
    roundtable = RoundTableFactory(title="Quokka round-table", slug="quokka-2018")
    ActionFactory(title="Quokka Action", slug="quokka-action")
    OutcomeFactory(title="Quokka result", country="LA", code="quokka")
    FindingFactory(roundtable=roundtable, title="Quokka finding", slug="quokka-finding")
    PublicationFactory(title="Quokka book", slug="quokka-book")
    author = ParticipantFactory(roundtable=roundtable, name="Ana Lima", country="LA")
    reflection = ReflectionFactory(
        participant=author, status="approved", attribution="named", meaning="Quokka sightings."
    )
    count, response = queries_of(client, "quokka")
    hits = {hit.kind: (hit.title, hit.url) for hit in response.context["hits"]}
    assert set(hits) == set(KINDS)
    assert count == (STATEMENT + len(KINDS) if POSTGRESQL else KINDS_OF_CONTENT)
    assert hits["actions"] == ("Quokka Action", "/actions/quokka-action/")
    assert hits["outcomes"] == ("Lao PDR: Quokka result", "/countries/la/#outcome-la-quokka")
    assert hits["reflections"] == (
        "Ana Lima, Director, Lao PDR · Quokka round-table",
        f"/roundtables/quokka-2018/#reflection-{reflection.pk}",
    )


def test_the_first_page_is_kept_until_the_content_changes(client, demo, page_cache):
    first_count, first = queries_of(client, "migration")
    assert first_count > 0
    again_count, again = queries_of(client, "migration")
    assert again_count == 0
    assert urls(again) == urls(first) and again.context["kinds"] == first.context["kinds"]
    assert again.content.decode().count("<mark>") == first.content.decode().count("<mark>") > 0

    # Each language, each kind of result and each further page is a search of its own.
    assert queries_of(client, "migration", type="actions")[0] > 0
    assert queries_of(client, "migration", page=2)[0] > 0
    with CaptureQueriesContext(connection) as queries:
        assert search(client, "migration", "/fr").status_code == 200
    assert len(queries) > 0

    Action.objects.filter(slug="mexico-ii").update(title_en="Mexico II: migration, migration")
    bump_content_version()  # as the commit of a change does
    count, changed = queries_of(client, "migration")
    assert count > 0 and "Mexico II: migration, migration" in [
        hit.title for hit in changed.context["hits"]
    ]


def test_a_reflection_approved_since_is_found(
    client, demo, page_cache, django_capture_on_commit_callbacks
):
    assert urls(search(client, "quibbling")) == []
    delegate = Participant.objects.get(email="bangkok-2018.delegate.kh@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        ReflectionFactory(participant=delegate, status="approved", meaning="Quibbling helps.")
    assert len(urls(search(client, "quibbling"))) == 1


def test_searches_are_limited_per_address(client, demo, settings):
    settings.RATELIMIT_SEARCHES = "3/m"
    visitor, neighbour = {"REMOTE_ADDR": "198.51.100.7"}, {"REMOTE_ADDR": "198.51.100.8"}
    for query in ("migration", "border", "police"):
        assert client.get("/search/", {"q": query}, **visitor).status_code == 200
    assert client.get("/search/", **visitor).status_code == 200  # the form alone is not counted
    refused = client.get("/search/", {"q": "data"}, **visitor)
    assert refused.status_code == 429
    assert refused["Retry-After"] == "60"
    assert "Too many attempts" in refused.content.decode()
    assert client.get("/fr/search/", {"q": "données"}, **visitor).status_code == 429
    assert client.get("/search/", {"q": "data"}, **neighbour).status_code == 200
