"""PostgreSQL keeps each searched row's document, indexed, and writes it on every write.

The search (pages/search) reads a ``search_document`` column that PostgreSQL generates from
the row's texts (the apps' ``*_search_documents`` migrations). These tests hold the column to
what the search's sources say it is made of, and show it follows the texts however they are
written: a form, a queryset update, bulk writes, a spreadsheet import. SQLite has no such
column: its search reads the texts themselves (tests/test_search.py runs on both).
"""

import pytest
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from actions.models import Action, Outcome
from pages.search.postgresql import CONFIGS, DOCUMENT_COLUMN, StoredDocument
from pages.search.sources import SOURCES
from pages.search.words import LANGUAGES
from roundtables.models import Participant

from .factories import OutcomeFactory, ReflectionFactory
from .staff import member_of
from .test_import_export import ACTION_HEADER, GOOD_ROWS, confirm, import_csv

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the stored documents are PostgreSQL's"
    ),
]


def document_of(source) -> SearchVector:
    """What a row's document is made of, as the search reads it: for each weight (titles A,
    texts B), each language's columns with that language's configuration."""
    vector = None
    for names, weight in ((source.title_fields, "A"), (source.text_fields, "B")):
        for language in LANGUAGES if names else ():
            part = SearchVector(
                *[source.columns(name)[language] for name in names],
                weight=weight,
                config=CONFIGS[language],
            )
            vector = part if vector is None else vector + part
    return vector


def found(client, query, language_prefix=""):
    response = client.get(f"{language_prefix}/search/", {"q": query})
    assert response.status_code == 200
    return [hit.url for hit in response.context["hits"]]


@pytest.mark.parametrize("source", SOURCES, ids=[source.kind for source in SOURCES])
def test_each_row_keeps_the_document_its_texts_make(demo, source):
    delegate = Participant.objects.get(email="bangkok-2018.delegate.kh@example.org")
    ReflectionFactory(
        participant=delegate,
        status="approved",
        meaning="Nos policiers ont beaucoup appris.",
        public_results="Un collègue nous a aidés.",
    )
    model = source.queryset().model
    rows = model._base_manager.annotate(stored=StoredDocument(), expected=document_of(source))
    documents = list(rows.values("pk", "stored", "expected"))
    assert documents
    assert [row for row in documents if row["stored"] != row["expected"]] == []


def test_the_document_follows_every_way_of_writing_the_texts(client, demo):
    Action.objects.filter(slug="mexico-ii").update(summary_fr="Les quokkas de Tapachula.")
    assert found(client, "quokkas") == [Action.objects.get(slug="mexico-ii").get_absolute_url()]

    Outcome.objects.bulk_create([OutcomeFactory.build(code="wombats", title="Wombats counted")])
    outcome = Outcome.objects.get(code="wombats")
    assert found(client, "wombats") == [outcome.get_absolute_url()]

    outcome.title_en, outcome.description_es = "Numbats", "Los numbats contados."
    Outcome.objects.bulk_update([outcome], ["title_en", "description_es"])
    assert found(client, "wombats") == []
    with translation.override("es"):
        assert found(client, "numbats", "/es") == [outcome.get_absolute_url()]


def test_an_imported_action_is_found_at_once(client, demo):
    member_of(client, "Editors")
    row = GOOD_ROWS[0].replace("A summary", "Axolotl husbandry")
    confirm(client, "actions.action", import_csv(client, "actions.action", [ACTION_HEADER, row]))
    client.logout()
    assert found(client, "axolotl") == [Action.objects.get(slug="viet-nam-i").get_absolute_url()]


def test_the_documents_are_indexed_and_never_loaded_with_the_rows(client, demo):
    for source in SOURCES:
        model = source.queryset().model
        rows = model._base_manager.alias(document=StoredDocument()).filter(
            document=SearchQuery("migration", config=CONFIGS["en"])
        )
        rows = rows.order_by()
        sql, params = rows.query.get_compiler(connection=connection).as_sql()
        with connection.cursor() as cursor:
            # As on a large table, where reading every row would cost more.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_indexscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = "\n".join(line for (line,) in cursor.fetchall())
        assert f"Bitmap Index Scan on {model._meta.db_table}_{DOCUMENT_COLUMN}" in plan

    assert DOCUMENT_COLUMN not in str(Action.objects.all().query)
    with CaptureQueriesContext(connection) as queries:
        client.get("/search/", {"q": "migration"})
    assert all(DOCUMENT_COLUMN not in query["sql"] for query in queries.captured_queries[1:])
