"""One search over round-tables, Actions, outcomes, findings and approved reflections.

On PostgreSQL it uses full-text search: weighted vectors, web-search syntax
("quoted phrases", -exclusions, or), ranking and headlines. On SQLite, which
has no full-text search through the ORM, every word must appear in one of the
fields (case-insensitively), and hits are ranked by where and how often the
words occur. Both return the same ``Hit`` objects, escaped and highlighted.
"""

import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Q, TextField, Value
from django.db.models.functions import Coalesce, Concat, NullIf
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from actions.models import Action, Outcome
from findings.models import Finding
from pages.countries import country_name
from pages.text import highlight
from reflections.models import Reflection
from roundtables.models import RoundTable

# Hits per kind that are ranked and shown: enough for any real query, and a bound on the work.
HITS_PER_KIND = 100
MAX_QUERY_LENGTH = 200
SNIPPET_WORDS = 40
CONFIG = "english"
# Placed around matches by PostgreSQL, then turned into <mark> once the text is escaped.
START, STOP = "\ue000", "\ue001"


@dataclass
class Hit:
    kind: str
    kind_label: str
    title: str
    url: str
    snippet: SafeString
    rank: float


@dataclass(frozen=True)
class Source:
    kind: str
    label: str
    title_fields: tuple[str, ...]  # weight A
    text_fields: tuple[str, ...]  # weight B

    def queryset(self):
        raise NotImplementedError

    def expression(self, name):
        """What is searched under the field ``name`` (the field itself, unless redacted)."""
        return F(name)

    def annotated(self):
        """The queryset with each searched field as ``search_<name>``."""
        return self.queryset().annotate(
            **{f"search_{name}": self.expression(name) for name in self.fields}
        )

    @property
    def fields(self):
        return self.title_fields + self.text_fields

    def title(self, obj) -> str:
        return getattr(obj, self.title_fields[0])

    def url(self, obj) -> str:
        return obj.get_absolute_url()


class RoundTableSource(Source):
    def queryset(self):
        return RoundTable.objects.published()

    def title(self, obj):
        return f"{obj.title} ({obj.city}, {obj.when})"


class ActionSource(Source):
    def queryset(self):
        return Action.objects.published()


class OutcomeSource(Source):
    def queryset(self):
        return Outcome.objects.published()

    def title(self, obj):
        return f"{country_name(obj.country)}: {obj.title}"


class FindingSource(Source):
    def queryset(self):
        return Finding.objects.public()


class ReflectionSource(Source):
    def queryset(self):
        return Reflection.objects.public().with_related()

    def expression(self, name):
        # What the public reads: the moderator's redaction where there is one.
        return Coalesce(
            NullIf(F(f"public_{name}"), Value(""), output_field=TextField()),
            F(name),
            output_field=TextField(),
        )

    def title(self, obj):
        return f"{obj.public_attribution} · {obj.participant.roundtable.title}"

    def url(self, obj):
        return f"{obj.participant.roundtable.get_absolute_url()}#reflection-{obj.pk}"


SOURCES = [
    RoundTableSource(
        "roundtables", _("Round-table"), ("title", "city"), ("focus", "summary", "report")
    ),
    ActionSource(
        "actions", _("Action"), ("title",), ("summary", "objectives", "description", "results")
    ),
    OutcomeSource("outcomes", _("Result"), ("title",), ("description", "evidence")),
    FindingSource("findings", _("Good practice or lesson"), ("title",), ("text",)),
    ReflectionSource(
        "reflections", _("Reflection"), (), ("meaning", "engagement", "results", "benefits")
    ),
]
KINDS = {source.kind: source.label for source in SOURCES}


def terms_of(query: str) -> list[str]:
    """The words of a query, without operators and quotes."""
    return [word for word in re.findall(r"\w+", query.lower()) if word not in {"or"}]


def search(query: str) -> list[Hit]:
    """Every hit for ``query``, best first."""
    query = query.strip()[:MAX_QUERY_LENGTH]
    if not terms_of(query):
        return []
    run = _search_postgresql if connection.vendor == "postgresql" else _search_portable
    hits = [hit for source in SOURCES for hit in run(source, query)]
    return sorted(hits, key=lambda hit: -hit.rank)


def _search_postgresql(source: Source, query: str) -> list[Hit]:
    columns = {name: F(f"search_{name}") for name in source.fields}
    vector = SearchVector(*[columns[n] for n in source.text_fields], weight="B", config=CONFIG)
    if source.title_fields:
        titles = SearchVector(*[columns[n] for n in source.title_fields], weight="A", config=CONFIG)
        vector = titles + vector
    search_query = SearchQuery(query, search_type="websearch", config=CONFIG)
    concatenated = Concat(
        *[part for column in columns.values() for part in (column, Value(" "))],
        output_field=TextField(),
    )
    rows = (
        source.annotated()
        .annotate(document=vector)
        .filter(document=search_query)
        .annotate(
            rank=SearchRank(vector, search_query),
            headline=SearchHeadline(
                concatenated,
                search_query,
                config=CONFIG,
                start_sel=START,
                stop_sel=STOP,
                max_words=SNIPPET_WORDS,
                min_words=15,
                max_fragments=2,
                fragment_delimiter=" … ",
            ),
        )
        .order_by("-rank", "pk")[:HITS_PER_KIND]
    )
    return [
        Hit(
            kind=source.kind,
            kind_label=source.label,
            title=source.title(obj),
            url=source.url(obj),
            snippet=_marked(obj.headline),
            rank=obj.rank,
        )
        for obj in rows
    ]


def _marked(headline: str) -> SafeString:
    """Escape PostgreSQL's headline, then turn its match markers into <mark>."""
    escaped = escape(headline.replace("\x00", ""))
    return mark_safe(escaped.replace(START, "<mark>").replace(STOP, "</mark>"))


def _search_portable(source: Source, query: str) -> list[Hit]:
    terms = terms_of(query)
    condition = Q()
    for term in terms:
        any_field = Q()
        for name in source.fields:
            any_field |= Q(**{f"search_{name}__icontains": term})
        condition &= any_field
    hits = []
    for obj in source.annotated().filter(condition)[: HITS_PER_KIND * 5]:
        titles = " ".join(str(getattr(obj, f"search_{n}")) for n in source.title_fields).lower()
        text = " ".join(str(getattr(obj, f"search_{n}")) for n in source.text_fields)
        rank = sum(3 * titles.count(term) + text.lower().count(term) for term in terms)
        hits.append(
            Hit(
                kind=source.kind,
                kind_label=source.label,
                title=source.title(obj),
                url=source.url(obj),
                snippet=_snippet(text, terms),
                rank=float(rank),
            )
        )
    return sorted(hits, key=lambda hit: -hit.rank)[:HITS_PER_KIND]


def _snippet(text: str, terms: list[str]) -> SafeString:
    """Some forty words around the first match, escaped, with the matched words marked."""
    lowered = text.lower()
    positions = [lowered.find(term) for term in terms if term in lowered]
    start = max(min(positions, default=0) - 120, 0)
    if start:
        start = text.rfind(" ", 0, start) + 1
    excerpt = Truncator(text[start:]).words(SNIPPET_WORDS, truncate=" …")
    return highlight(("… " if start else "") + excerpt, terms)
