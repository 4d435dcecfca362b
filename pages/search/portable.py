"""The search on SQLite, which has no full-text search through the ORM: every word must
appear in one of the fields, in any language (case-insensitively), and hits are ranked in
Python by where and how often the words occur (three times more in a title)."""

from functools import cached_property

from django.db.models import F, Q
from django.utils.safestring import SafeString
from django.utils.text import Truncator

from pages.text import highlight

from .sources import KINDS, SNIPPET_WORDS, SOURCES, Hit, Source
from .words import countries_named, terms_of

# Hits per kind that are ranked and shown: enough for any real query, and a bound on the work.
HITS_PER_KIND = 100


class PortableSearch:
    """The hits of ``query``: of one ``kind``, or of every kind when it is empty."""

    def __init__(self, query: str, kind: str):
        self.query, self.kind = query, kind

    @cached_property
    def every_hit(self) -> list[Hit]:
        codes, rest = countries_named(self.query)
        hits = [hit for source in SOURCES for hit in _hits(source, self.query, codes, rest)]
        return sorted(hits, key=lambda hit: -hit.rank)

    def page(self, start: int, stop: int) -> tuple[dict[str, int], list[Hit]]:
        """({kind: how many hits}, the hits from ``start`` to ``stop``)."""
        counts = dict.fromkeys(KINDS, 0)
        for hit in self.every_hit:
            counts[hit.kind] += 1
        shown = [hit for hit in self.every_hit if not self.kind or hit.kind == self.kind]
        return counts, shown[start:stop]


def _hits(source: Source, query: str, codes, rest) -> list[Hit]:
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
    annotated = source.shown_objects().annotate(
        **{column: expression for column, expression in searched.items() if expression},
        **{f"shown_{name}": source.shown(name) for name in source.fields},
    )
    hits = []
    for obj in annotated.filter(condition)[: HITS_PER_KIND * 5]:
        titles = " ".join(str(getattr(obj, f"shown_{n}")) for n in source.title_fields).lower()
        text = " ".join(str(getattr(obj, f"shown_{n}")) for n in source.text_fields)
        rank = sum(3 * titles.count(term) + text.lower().count(term) for term in terms)
        hits.append(source.hit(obj, _snippet(text, terms), float(rank)))
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
