"""The search on PostgreSQL: full-text search on stored, indexed documents.

Each searched table keeps its rows' search document in a column that PostgreSQL generates
from their texts and indexes (``search_document``, made by the apps' ``*_search_documents``
migrations): for each weight (titles A, texts B), each language's columns read with that
language's configuration (``CONFIGS``: its stemming, accents ignored). The query is read as
web-search syntax with each language's stemming.

A page of hits takes one statement that finds the hits of every kind, counts them by kind,
ranks them and keeps those of the page; then one query per kind on the page loads those
objects, with what their titles and addresses need, and their headlines (only theirs).
Each statement is built by the ORM from the querysets of ``sources`` once per shape (the
kind shown, the language, how many countries the query names, how many objects), with
stand-ins for the search's own values, then run with them: building and compiling a
statement costs far more than running it.
"""

import re
from functools import lru_cache

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorField,
)
from django.db import connection
from django.db.models import Expression, F, FloatField, Q, TextField, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from modeltranslation.manager import MultilingualQuerySet

from .sources import KINDS, SNIPPET_WORDS, SOURCES, Hit
from .words import countries_named, terms_of

# PostgreSQL text search configurations: each language's stemming, accents ignored (made by
# pages/migrations).
CONFIGS = {"en": "mieux_english", "fr": "mieux_french", "es": "mieux_spanish"}
# The column of each searched table that holds its rows' search document.
DOCUMENT_COLUMN = "search_document"
# Placed around matches by PostgreSQL, then turned into <mark> once the text is escaped.
START, STOP = "\ue000", "\ue001"
# A stand-in for one of a search's own values in a statement built once per shape.
STAND_IN = re.compile("\ue010(\\w+)\ue011")


def _stand_in(name: str) -> str:
    return f"\ue010{name}\ue011"


class StoredDocument(Expression):
    """The row's search document: the column PostgreSQL generates from its texts and
    indexes, which is not a model field (Django never loads it with the row)."""

    output_field = SearchVectorField()

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        return f"{table}.{connection.ops.quote_name(DOCUMENT_COLUMN)}", []


class PostgreSQLSearch:
    """The hits of ``query``: of one ``kind``, or of every kind when it is empty."""

    def __init__(self, query: str, kind: str):
        codes, rest = countries_named(query)
        self.values = {"query": query, "rest": rest}
        self.values.update((f"country{n}", code) for n, code in enumerate(codes))
        self.shape = (kind, len(codes), bool(terms_of(rest)))

    def page(self, start: int, stop: int) -> tuple[dict[str, int], list[Hit]]:
        """({kind: how many hits}, the hits from ``start`` to ``stop``)."""
        sql, params = _statement(*self.shape)
        rows = _run(sql, params, {**self.values, "limit": stop - start, "offset": start})
        counts = dict.fromkeys(KINDS, 0)
        for order, pk, _rank, hits in rows:
            if pk is None:
                counts[SOURCES[order].kind] = hits
        shown = [(order, pk, rank) for order, pk, rank, _hits in rows if pk is not None]
        objects = {}
        for order in dict.fromkeys(order for order, _pk, _rank in shown):
            objects[order] = self.loaded(order, [pk for o, pk, _rank in shown if o == order])
        hits = []
        for order, pk, rank in shown:
            obj = objects[order][pk]
            hits.append(SOURCES[order].hit(obj, _marked(obj.headline), rank))
        return counts, hits

    def loaded(self, order: int, pks: list) -> dict:
        """{pk: object} of the kind ``SOURCES[order]``, as its ``shown_objects()`` loads them,
        with their ``headline``."""
        sql, params, layout = _loading_statement(order, len(pks), get_language())
        values = {**self.values, **{f"pk{n}": pk for n, pk in enumerate(pks)}}
        objects = {}
        for row in _run(sql, params, values):
            found, start = {}, 0
            for path, model, names in layout:
                fields = row[start : start + len(names)]
                start += len(names)
                pk = fields[names.index(model._meta.pk.attname)]
                found[path] = None if pk is None else model.from_db(connection.alias, names, fields)
                if path:
                    parent, _, name = path.rpartition("__")
                    setattr(found[parent], name, found[path])
            found[""].headline = row[-1]
            objects[found[""].pk] = found[""]
        return objects


@lru_cache(maxsize=256)
def _statement(kind: str, countries: int, rest: bool) -> tuple[str, "Parameters"]:
    """The statement that counts the hits by kind, and ranks the hits and keeps those of the
    page, for searches of this shape: rows (kind, pk, rank, None) for the page, then
    (kind, None, None, how many) for each kind with hits."""
    query = _query(_stand_in("query"))
    codes = [_stand_in(f"country{n}") for n in range(countries)]
    rest_query = _query(_stand_in("rest")) if rest else None
    ranked = [
        _matching(source, query, codes, rest_query)
        .annotate(
            kind_order=Value(order),
            # Ranked only where shown: the other kinds are counted.
            rank=SearchRank(F("document"), query)
            if not kind or source.kind == kind
            else RawSQL("CAST(NULL AS real)", (), output_field=FloatField()),
        )
        .values_list("kind_order", "pk", "rank")
        for order, source in enumerate(SOURCES)
    ]
    hits, params = _compiled(ranked[0].union(*ranked[1:], all=True))
    only_kind = f"WHERE kind_order = {list(KINDS).index(kind)}" if kind else ""
    sql = f"""
        WITH hits AS ({hits})
        (
            SELECT kind_order, pk, rank, NULL FROM hits {only_kind}
            ORDER BY rank DESC, kind_order, pk LIMIT %s OFFSET %s
        )
        UNION ALL
        SELECT kind_order, NULL, NULL, count(*) FROM hits GROUP BY kind_order
    """
    return sql, Parameters((*params, _stand_in("limit"), _stand_in("offset")))


def _matching(source, query, codes, rest):
    """The rows of ``source`` that ``query`` finds, with their ``document``."""
    condition = Q(document=query)
    if codes:
        # A country named in any language: what concerns it, and matches the other words.
        about = source.about_countries(codes)
        condition |= about & (Q(document=rest) if rest else Q())
    rows = _plain(source.queryset()).alias(document=StoredDocument())
    return rows.filter(condition).order_by()


@lru_cache(maxsize=512)
def _loading_statement(order: int, count: int, language: str) -> tuple[str, "Parameters", list]:
    """The statement that loads ``count`` objects of a kind and their headlines, and its
    layout: for the object and each related object it selects, by path ("", "participant",
    "participant__roundtable"), its model and its columns, in the order of the statement's;
    the headline comes last."""
    rows = SOURCES[order].shown_objects()
    mask = rows.query.get_select_mask()  # what only() keeps: by field, then by relation
    layout = [("", rows.model, _columns(rows.model, mask))]
    layout += _related(rows.model, rows.query.select_related or {}, "", mask)
    lookups = [f"{path}__{name}" if path else name for path, _, names in layout for name in names]
    # The primary keys' stand-ins are numbers, as primary keys are: -1, -2...
    pks = {-1 - n: f"pk{n}" for n in range(count)}
    with translation.override(language):  # the columns the public reads on the page
        headline = _headline(SOURCES[order], _query(_stand_in("query")), language)
    selected = _plain(rows).filter(pk__in=list(pks)).annotate(headline=headline).order_by()
    sql, params = _compiled(selected.values_list(*lookups, "headline"))
    return sql, Parameters(params, numbers=pks), layout


def _columns(model, mask: dict) -> tuple[str, ...]:
    """The columns of ``model`` that ``mask`` keeps (every one, if it is empty)."""
    return tuple(
        field.attname for field in model._meta.concrete_fields if not mask or field in mask
    )


def _related(model, selected: dict, prefix: str, mask: dict) -> list:
    """The layout of the related objects ``selected`` (a queryset's select_related), with the
    columns ``mask`` keeps of each."""
    layout = []
    for name, further in selected.items():
        field = model._meta.get_field(name)
        path = f"{prefix}__{name}" if prefix else name
        kept = mask.get(field, {}) if mask else {}
        layout.append((path, field.related_model, _columns(field.related_model, kept)))
        layout += _related(field.related_model, further, path, kept)
    return layout


def _plain(rows):
    """``rows`` as Django reads them: django-modeltranslation's querysets rewrite field names
    and select the columns of values() in no set order, where a union needs the order asked."""
    return rows.rewrite(False) if isinstance(rows, MultilingualQuerySet) else rows


def _headline(source, query, language) -> SearchHeadline:
    """Some forty words of what the public reads, around the matches."""
    shown = Concat(
        *[part for name in source.fields for part in (source.shown(name), Value(" "))],
        output_field=TextField(),
    )
    return SearchHeadline(
        shown,
        query,
        config=CONFIGS.get(language, CONFIGS["en"]),
        start_sel=START,
        stop_sel=STOP,
        max_words=SNIPPET_WORDS,
        min_words=15,
        max_fragments=2,
        fragment_delimiter=" … ",
    )


def _compiled(rows) -> tuple[str, tuple]:
    return rows.query.get_compiler(connection=connection).as_sql()


def _run(sql: str, params: "Parameters", values: dict) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params.filled(values))
        return cursor.fetchall()


class Parameters:
    """A statement's parameters, some of them stand-ins for a search's own values, or
    holding one (a country's code in a pattern): where they are is found once. ``numbers``
    names the stand-ins that are numbers ({-1: "pk0"})."""

    def __init__(self, params: tuple, numbers: dict | None = None):
        self.params = params
        self.whole, self.within = [], []
        for index, param in enumerate(params):
            if isinstance(param, int) and not isinstance(param, bool) and param in (numbers or {}):
                self.whole.append((index, numbers[param]))
            elif isinstance(param, str) and (whole := STAND_IN.fullmatch(param)):
                self.whole.append((index, whole.group(1)))
            elif isinstance(param, str) and STAND_IN.search(param):
                self.within.append((index, param))

    def filled(self, values: dict) -> list:
        """The parameters, each stand-in replaced by its value in ``values``."""
        params = list(self.params)
        for index, name in self.whole:
            params[index] = values[name]
        for index, param in self.within:
            params[index] = STAND_IN.sub(lambda match: str(values[match.group(1)]), param)
        return params


def _query(text: str) -> SearchQuery:
    """``text`` as web-search syntax, stemmed the way each language stems."""
    queries = [SearchQuery(text, search_type="websearch", config=c) for c in CONFIGS.values()]
    combined = queries[0]
    for other in queries[1:]:
        combined = combined | other
    return combined


def _marked(headline: str) -> SafeString:
    """Escape PostgreSQL's headline, then turn its match markers into <mark>."""
    escaped = escape(headline.replace("\x00", ""))
    return mark_safe(escaped.replace(START, "<mark>").replace(STOP, "</mark>"))
