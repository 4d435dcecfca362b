"""One search over round-tables, Actions, outcomes, findings, publications and approved
reflections, in English, French and Spanish.

On PostgreSQL it uses full-text search: each language's columns are read with that
language's stemming and without accents, so "trata", "traite" and "trafficking" each find
their texts; web-search syntax ("quoted phrases", -exclusions, or), ranking and headlines.
On SQLite, which has no full-text search through the ORM, every word must appear in one of
the fields, in any language (case-insensitively), and hits are ranked by where and how often
the words occur. On both, a country named in any of the three languages ("Tailandia",
"Thaïlande") finds what concerns that country. Both return the same ``Hit`` objects,
escaped and highlighted.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Q, TextField, Value
from django.db.models.functions import Coalesce, Concat, NullIf
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from actions.models import Action, Outcome
from findings.models import Finding, Publication
from pages.countries import country_name
from pages.text import highlight
from reflections.models import Reflection
from roundtables.models import Attribution, RoundTable

# Hits per kind that are ranked and shown: enough for any real query, and a bound on the work.
HITS_PER_KIND = 100
MAX_QUERY_LENGTH = 200
SNIPPET_WORDS = 40
# PostgreSQL text search configurations: each language's stemming, accents ignored (made by
# pages/migrations). "simple" reads words as they are, for names.
CONFIGS = {"en": "mieux_english", "fr": "mieux_french", "es": "mieux_spanish"}
# Placed around matches by PostgreSQL, then turned into <mark> once the text is escaped.
START, STOP = "\ue000", "\ue001"
LANGUAGES = [code for code, _name in settings.LANGUAGES]


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
    translated: bool = True  # the fields have a column per language
    plural: str = ""  # what the results of this kind are called, together ("Round-tables")

    def queryset(self):
        raise NotImplementedError

    def about_countries(self, codes) -> Q:
        """The rows that concern one of the countries ``codes``."""
        return Q(pk__in=[])

    def columns(self, name) -> dict[str, F]:
        """The columns of the field ``name``, by language (one, if it is not translated)."""
        if not self.translated:
            return {language: F(name) for language in LANGUAGES}
        return {language: F(f"{name}_{language}") for language in LANGUAGES}

    def shown(self, name):
        """What the public reads of ``name`` on this page: its language, or else the English."""
        if not self.translated:
            return F(name)
        return Coalesce(
            NullIf(F(f"{name}_{get_language()}"), Value("")),
            F(f"{name}_en"),
            Value(""),
            output_field=TextField(),
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

    def about_countries(self, codes):
        return _any_country("countries", codes) | Q(host_country__in=codes)

    def title(self, obj):
        return f"{obj.title} ({obj.city}, {obj.when})"


class ActionSource(Source):
    def queryset(self):
        return Action.objects.published()

    def about_countries(self, codes):
        return _any_country("countries", codes)


class OutcomeSource(Source):
    def queryset(self):
        return Outcome.objects.published()

    def about_countries(self, codes):
        return Q(country__in=codes)

    def title(self, obj):
        return f"{country_name(obj.country)}: {obj.title}"


class FindingSource(Source):
    def queryset(self):
        return Finding.objects.public()

    def about_countries(self, codes):
        return _any_country("countries", codes)


class PublicationSource(Source):
    def queryset(self):
        return Publication.objects.published()

    def columns(self, name):
        # The official title is one text, in the language it was published in.
        if name == "title":
            return {language: F(name) for language in LANGUAGES}
        return super().columns(name)

    def shown(self, name):
        return F(name) if name == "title" else super().shown(name)


class ReflectionSource(Source):
    def queryset(self):
        return Reflection.objects.public().with_related()

    def about_countries(self, codes):
        # Only the reflections whose authors let their country be shown.
        return Q(participant__country__in=codes) & ~Q(attribution=Attribution.ANONYMOUS)

    def columns(self, name):
        # What the public reads: the moderator's redaction where there is one. A reflection
        # is in one language, read with each language's stemming.
        redacted = Coalesce(
            NullIf(F(f"public_{name}"), Value("")), F(name), output_field=TextField()
        )
        return dict.fromkeys(LANGUAGES, redacted)

    def shown(self, name):
        return self.columns(name)[settings.LANGUAGE_CODE]

    def title(self, obj):
        return f"{obj.public_attribution} · {obj.participant.roundtable.title}"

    def url(self, obj):
        return f"{obj.participant.roundtable.get_absolute_url()}#reflection-{obj.pk}"


def _any_country(field, codes) -> Q:
    """Rows whose multiple-country ``field`` holds one of ``codes``."""
    condition = Q(pk__in=[])
    for code in codes:
        condition |= Q(**{f"{field}__contains": code})
    return condition


SOURCES = [
    RoundTableSource(
        "roundtables",
        _("Round-table"),
        ("title", "city"),
        ("focus", "summary", "report"),
        plural=_("Round-tables"),
    ),
    ActionSource(
        "actions",
        _("Action"),
        ("title",),
        ("summary", "objectives", "description", "results"),
        plural=_("Actions"),
    ),
    OutcomeSource(
        "outcomes",
        _("Result"),
        ("title",),
        ("description", "evidence"),
        plural=_("Results by country"),
    ),
    FindingSource(
        "findings",
        _("Good practice or lesson"),
        ("title",),
        ("text",),
        plural=_("Good practices and lessons"),
    ),
    PublicationSource(
        "publications", _("Publication"), ("title",), ("summary",), plural=_("Publications")
    ),
    ReflectionSource(
        "reflections",
        _("Reflection"),
        (),
        ("meaning", "engagement", "results", "benefits"),
        translated=False,
        plural=_("Reflections of participants"),
    ),
]
# The kinds of result, as the filters of the results name them.
KINDS = {source.kind: source.plural for source in SOURCES}


def folded(text: str) -> str:
    """``text`` in lower case and without accents, for comparing words."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def terms_of(query: str) -> list[str]:
    """The words of a query, without operators and quotes."""
    return [word for word in re.findall(r"\w+", query.lower()) if word not in {"or"}]


@cache
def _country_names() -> list[tuple[str, str]]:
    """(name folded, ISO code) for every country in English, French and Spanish, the longest
    names first ("Dominican Republic" before "Dominica")."""
    names = set()
    for language in LANGUAGES:
        with translation.override(language):
            names |= {(folded(str(name)), code) for code, name in countries}
    return sorted(names, key=lambda pair: -len(pair[0]))


def countries_named(query: str) -> tuple[list[str], str]:
    """The countries that ``query`` names, in any language, and the query without them."""
    rest, codes = f" {folded(query)} ", []
    for name, code in _country_names():
        pattern = rf"(?<!\w){re.escape(name)}(?!\w)"
        if re.search(pattern, rest):
            codes.append(code)
            rest = re.sub(pattern, " ", rest)
    return codes, " ".join(rest.split())


def search(query: str) -> list[Hit]:
    """Every hit for ``query``, best first."""
    query = query.strip()[:MAX_QUERY_LENGTH]
    if not terms_of(query):
        return []
    codes, rest = countries_named(query)
    run = _search_postgresql if connection.vendor == "postgresql" else _search_portable
    hits = [hit for source in SOURCES for hit in run(source, query, codes, rest)]
    return sorted(hits, key=lambda hit: -hit.rank)


def _search_postgresql(source: Source, query: str, codes, rest) -> list[Hit]:
    vector = None
    for names, weight in ((source.title_fields, "A"), (source.text_fields, "B")):
        for language in LANGUAGES if names else ():
            part = SearchVector(
                *[source.columns(name)[language] for name in names],
                weight=weight,
                config=CONFIGS[language],
            )
            vector = part if vector is None else vector + part
    matches = _query(query)
    condition = Q(document=matches)
    if codes:
        # A country named in any language: what concerns it, and matches the other words.
        about = source.about_countries(codes)
        condition |= about & (Q(document=_query(rest)) if terms_of(rest) else Q())
    shown = Concat(
        *[part for name in source.fields for part in (source.shown(name), Value(" "))],
        output_field=TextField(),
    )
    rows = (
        source.queryset()
        .annotate(document=vector)
        .filter(condition)
        .annotate(
            rank=SearchRank(vector, matches),
            headline=SearchHeadline(
                shown,
                matches,
                config=CONFIGS.get(get_language(), CONFIGS["en"]),
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


def _search_portable(source: Source, query: str, codes, rest) -> list[Hit]:
    # Every column searched, by name: a field's own name, or an annotation for an expression.
    searched = {}
    for name in source.fields:
        for column in source.columns(name).values():
            if isinstance(column, F):
                searched[column.name] = None
            else:
                searched[f"search_{name}"] = column

    def every_word(terms) -> Q:
        condition = Q()
        for term in terms:
            any_column = Q()
            for column in searched:
                any_column |= Q(**{f"{column}__icontains": term})
            condition &= any_column
        return condition

    terms = terms_of(query)
    condition = every_word(terms)
    if codes:
        condition |= source.about_countries(codes) & every_word(terms_of(rest))
    annotated = source.queryset().annotate(
        **{column: expression for column, expression in searched.items() if expression},
        **{f"shown_{name}": source.shown(name) for name in source.fields},
    )
    hits = []
    for obj in annotated.filter(condition)[: HITS_PER_KIND * 5]:
        titles = " ".join(str(getattr(obj, f"shown_{n}")) for n in source.title_fields).lower()
        text = " ".join(str(getattr(obj, f"shown_{n}")) for n in source.text_fields)
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
