"""What a page read while it rendered: the rows it loaded and the queries it ran.

The middleware renders a cacheable page inside ``recording()``. Meanwhile:

- every row of a shown model that is loaded (``post_init``) adds its instance tag
  (``=pk|*``): any change to that row refreshes the page;
- every query (compiled by the ORM, or raw SQL) adds what its result depends on
  (``pagecache.queries``).

Outside ``recording()`` both hooks cost a context-variable lookup. Whatever is loaded is also
given a copy of its values as loaded (``_pagecache_loaded``), so that a later save can tell
what it changed (``pagecache.changes``).
"""

import logging
from collections import defaultdict
from contextlib import ExitStack, contextmanager
from contextvars import ContextVar
from functools import wraps

from django.db import connections
from django.db.models.sql.compiler import SQLCompiler

from .queries import EVERY_COLUMN, dependencies
from .tables import TABLES

logger = logging.getLogger(__name__)

_reads: ContextVar["Reads | None"] = ContextVar("pagecache_reads", default=None)

SNAPSHOT = "_pagecache_loaded"
# More rows of one table than this on a page: it depends on the whole table.
MAX_ROWS_TAGGED = 500


class Reads:
    """What one page read: {(table, entry): values}."""

    def __init__(self):
        self.tags = defaultdict(set)
        self._compilers = []
        self.version = None  # the content version the page is made for, once known

    def loaded(self, table: str, pk):
        self.tags[(table, f"={TABLES[table].pk}|{EVERY_COLUMN}")].add(str(pk))

    def add(self, tags: dict):
        """Count as read what another recording read (``pagecache.shared``)."""
        for key, values in tags.items():
            self.tags[key].update(values)

    def query_ran(self, execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if _reads.get() is not self:  # a recording inside this one has it
            return result
        # Raw SQL has no compiler: every row of every table it names matters.
        compiler = self._compilers[-1] if self._compilers else None
        try:
            found = dependencies(compiler, sql)
        except Exception:  # a query this analysis does not know: every row matters
            logger.warning("Could not tell what a query depends on: %s", sql, exc_info=True)
            found = dependencies(None, sql)
        for table, entry, values in found:
            self.tags[(table, entry)].update(values)
        return result

    @property
    def tables(self) -> set:
        return {table for table, _ in self.tags}

    def dependencies(self) -> dict:
        """{(table, entry): values} to register; a page that loaded more than
        ``MAX_ROWS_TAGGED`` rows of a table (the sitemap, the downloads) depends on every
        row of it instead, which keeps what it registers small."""
        found = {}
        for (table, entry), values in self.tags.items():
            if entry.endswith(f"|{EVERY_COLUMN}") and len(values) > MAX_ROWS_TAGGED:
                found[(table, f"*|{EVERY_COLUMN}")] = set()
            else:
                found[(table, entry)] = values
        return found


def current_reads() -> "Reads | None":
    """What the page being rendered has read so far, if one is."""
    return _reads.get()


@contextmanager
def recording():
    """Record what the code run inside reads; yields the ``Reads``."""
    reads = Reads()
    token = _reads.set(reads)
    try:
        with ExitStack() as stack:
            for connection in connections.all():
                stack.enter_context(connection.execute_wrapper(reads.query_ran))
            yield reads
    finally:
        _reads.reset(token)


def instance_loaded(sender, instance, **kwargs):
    """``post_init`` of a shown model: keep the values as loaded; note the row if a page is
    being recorded."""
    instance.__dict__[SNAPSHOT] = instance.__dict__.copy()
    reads = _reads.get()
    if reads is not None and instance.pk is not None:
        reads.loaded(sender._meta.db_table, instance.pk)


def follow_queries():
    """Let ``recording()`` see which query each SQL statement comes from."""
    original = SQLCompiler.execute_sql
    if getattr(original, "follows_queries", False):
        return

    @wraps(original)
    def execute_sql(self, *args, **kwargs):
        reads = _reads.get()
        if reads is None:
            return original(self, *args, **kwargs)
        reads._compilers.append(self)
        try:
            return original(self, *args, **kwargs)
        finally:
            reads._compilers.pop()

    execute_sql.follows_queries = True
    SQLCompiler.execute_sql = execute_sql
