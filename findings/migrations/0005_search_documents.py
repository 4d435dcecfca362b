"""PostgreSQL keeps the search document of findings and publications (pages/search.py) in a
column of their table, ``search_document``, with a GIN index. PostgreSQL writes it itself,
from the row's own texts, on every insert and update however it is made (a form, an import,
a bulk update, plain SQL), so it is never stale. It is not a model field: Django never reads
it, and SQLite, whose search reads the texts themselves, has none.

The document is what the search reads: for each weight (titles A, texts B), each language's
columns with that language's configuration (pages/migrations/0001_search_configurations).
PostgreSQL refuses to change the type of a column that a generated column reads: a migration
that changes one of these fields (its ``max_length``) drops the document first and adds it
again after, as ``drop`` and ``add`` below do.
"""

from django.db import migrations

CONFIGURATIONS = {"en": "mieux_english", "fr": "mieux_french", "es": "mieux_spanish"}
# {table: [(weight, columns)]}; "{language}" stands for each language in turn.
DOCUMENTS = {
    "findings_finding": [
        ("A", ["title_{language}"]),
        ("B", ["text_{language}"]),
    ],
    # A publication's title is its official title, one text read in each language.
    "findings_publication": [
        ("A", ["title"]),
        ("B", ["summary_{language}"]),
    ],
}


def document(weights) -> str:
    vectors = []
    for weight, columns in weights:
        for language, configuration in CONFIGURATIONS.items():
            text = " || ' ' || ".join(
                f"coalesce({column.format(language=language)}, '')" for column in columns
            )
            vector = f"to_tsvector('{configuration}'::regconfig, {text})"
            vectors.append(f"setweight({vector}, '{weight}')")
    return " || ".join(vectors)


def add(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, weights in DOCUMENTS.items():
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN search_document tsvector "
            f"GENERATED ALWAYS AS ({document(weights)}) STORED"
        )
        schema_editor.execute(
            f"CREATE INDEX {table}_search_document ON {table} USING gin (search_document)"
        )
        # The planner's statistics of the new column, without waiting for autovacuum.
        schema_editor.execute(f"ANALYZE {table}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in DOCUMENTS:
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN search_document")


class Migration(migrations.Migration):
    dependencies = [
        ("findings", "0004_publications"),
        ("pages", "0001_search_configurations"),
    ]

    operations = [migrations.RunPython(add, drop)]
