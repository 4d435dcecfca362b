"""One search over round-tables, Actions, outcomes, findings, publications and approved
reflections, in English, French and Spanish.

On PostgreSQL it uses full-text search (``postgresql``): each language's texts are read with
that language's stemming and without accents, so "trata", "traite" and "trafficking" each
find their texts; web-search syntax ("quoted phrases", -exclusions, or), ranking and
headlines; the documents are stored and indexed, and the hits counted, ranked and paginated
in SQL. On SQLite (``portable``) every word must appear in one of the fields, in any
language, and hits are ranked in Python. On both, a country named in any of the three
languages ("Tailandia", "Thaïlande") finds what concerns that country (``words``), and the
hits are the same ``Hit`` objects, escaped and highlighted.

While public pages are cached (``PUBLIC_PAGE_CACHE_SECONDS``), the first page of a query's
hits is kept, with its counts, per content version and language: asked again before the
content changes, it costs no query.
"""

import hashlib
from functools import cached_property

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils.translation import get_language

from pagecache.versions import content_version

from .portable import PortableSearch
from .postgresql import PostgreSQLSearch
from .sources import KINDS, Hit
from .words import terms_of

__all__ = ["KINDS", "MAX_QUERY_LENGTH", "Hit", "Results", "search", "terms_of"]

MAX_QUERY_LENGTH = 200
# Page numbers above this are not looked up (the paginator shows the last page instead): an
# offset that large is past any search's hits.
MAX_PAGE = 10_000


def search(query: str, kind: str = "", *, page=1, per_page: int = 20) -> "Results":
    """The hits for ``query`` (of one ``kind``, or of every kind), best first, ready to show
    the page ``page`` of ``per_page`` hits."""
    return Results(query, kind, page=page, per_page=per_page)


class Results:
    """The hits of one query, best first, as a paginator reads them: ``count()``, then the
    slice of one page. The counts come from the database with the page that is asked for
    (one statement on PostgreSQL), so the page is known beforehand: another slice (the
    last page, when the one asked for is past it) is asked of the database again."""

    def __init__(self, query: str, kind: str = "", *, page=1, per_page: int = 20):
        self.query = query.strip()[:MAX_QUERY_LENGTH]
        self.kind = kind if kind in KINDS else ""
        self.searched = bool(terms_of(self.query))
        start = (_page_number(page) - 1) * per_page
        self._window = (start, start + per_page)
        self._per_page = per_page

    @cached_property
    def _engine(self):
        engine = PostgreSQLSearch if connection.vendor == "postgresql" else PortableSearch
        return engine(self.query, self.kind)

    @cached_property
    def _first_read(self) -> tuple[dict[str, int], list[Hit]]:
        """The counts, and the hits of the page asked for: the first page may be kept."""
        if not self.searched:
            return dict.fromkeys(KINDS, 0), []
        if self._window[0] > 0:
            return self._engine.page(*self._window)
        kept = KeptPage(self.query, self.kind, self._per_page)
        if kept.stored is None:
            kept.keep(*self._engine.page(*self._window))
        return kept.stored

    @property
    def counts(self) -> dict[str, int]:
        """{kind: how many hits}, for every kind."""
        return self._first_read[0]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def count(self) -> int:
        return self.counts[self.kind] if self.kind else self.total

    def __getitem__(self, window: slice) -> list[Hit]:
        start, stop = window.start or 0, window.stop
        if not self.searched or stop <= start:
            return []
        if start == self._window[0] and stop <= self._window[1]:
            return self._first_read[1][: stop - start]
        return self._engine.page(start, stop)[1]

    def __iter__(self):
        return iter(self._engine.page(0, self.count())[1] if self.searched else [])


def _page_number(page) -> int:
    """The page asked for, as the paginator reads it; the first where the paginator will
    find another (it cannot read it, or it is past any list of hits)."""
    try:
        number = int(page)
    except (TypeError, ValueError):
        return 1
    return number if 1 <= number <= MAX_PAGE else 1


class KeptPage:
    """A query's first page of hits, with its counts, kept in the cache per content version
    and language while public pages are cached (for as long as they are)."""

    def __init__(self, query: str, kind: str, per_page: int):
        self.seconds = getattr(settings, "PUBLIC_PAGE_CACHE_SECONDS", 0)
        self.key = self.stored = None
        # The version is read before the database: a change made meanwhile bumps it, and
        # what is kept under the old one is never read again.
        if self.seconds > 0 and (version := content_version()) is not None:
            digest = hashlib.sha256(query.encode()).hexdigest()
            self.key = f"search:{version}:{get_language()}:{kind}:{per_page}:{digest}"
            self.stored = cache.get(self.key)

    def keep(self, counts: dict[str, int], hits: list[Hit]):
        self.stored = (counts, hits)
        if self.key:
            cache.set(self.key, self.stored, self.seconds)
