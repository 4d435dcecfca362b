"""From the changes of one committed transaction to the pages to re-make.

1. The content version goes up once, and each changed table's version is set to it (so that
   a page whose render started before the change is never stored as fresh).
2. For each changed row, the tags that the entries pages registered on its table name, given
   the row's values before and after and the columns that changed: its instance tag, the
   values of the columns pages filter on, the texts they look for, the rows linked to it
   (one query per many-to-many table, for all the rows), the whole table. A deleted row
   refreshes, besides, every page that read its many-to-many tables by the other column.
   A table with more than ``BULK`` changed rows refreshes every page that read it.
3. The pages of those tags are marked behind the new version, and their re-render is
   claimed (one per page until it runs) and queued: one task for the transaction.

Any failure falls back on refreshing every page (``bump_content_version``); an edit never
fails because of the page cache.
"""

import logging
from collections import defaultdict
from functools import lru_cache

from django.core.cache import cache

from . import store, tables
from .addresses import Address
from .middleware import seconds
from .versions import VERSION_KEY, bump_content_version, fresh_version

logger = logging.getLogger(__name__)

# More changed rows of one table than this in one transaction: every page that read it.
BULK = 50


def changes_committed(changes):
    try:
        _invalidate(changes)
    except Exception:
        logger.error(
            "Could not refresh the pages that showed a change; refreshing every page.",
            exc_info=True,
        )
        bump_content_version()


def _invalidate(changes):
    pages = store.current()
    changed_tables = {change.table for change in changes}
    for change in changes:
        if change.new is None:  # its many-to-many rows went with it
            changed_tables.update(link.name for link in _links_to(change.table))
    if seconds() <= 0 or not pages.fine_grained:
        if pages.fine_grained:
            _count_change()
        else:
            bump_content_version()
        return
    version, entries = pages.bump(changed_tables)
    if version is None:
        return  # the cache does not answer: its return refreshes every page (pagecache.redis)
    tags, whole_tables = tags_for(changes, entries)
    members = pages.take(sorted(tags)) | pages.readers(whole_tables)
    if members:
        marks = {}
        for member in members:
            address = Address.from_member(member)
            marks[member] = (store.page_keys(address), store.claim_key(address))
        claimed = pages.mark(marks, version, seconds())
        if claimed:
            rerender(sorted(claimed))


def _count_change():
    """No page is cached: the content version still counts the change, for other caches."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, fresh_version(), None)


def rerender(members):
    """Queue the re-render of the pages at ``members`` (their addresses)."""
    from .tasks import rerender_pages

    rerender_pages.enqueue(list(members))


def tags_for(changes, entries) -> tuple[set, set]:
    """The keys of the sets of pages that ``changes`` refresh, and the tables changed so much
    that every page that read them is refreshed."""
    by_table = defaultdict(list)
    for change in changes:
        by_table[change.table].append(change)
    keys, whole, linked = set(), set(), defaultdict(set)
    for table, group in by_table.items():
        registered = [parse(entry) for entry in entries.get(table, ())]
        if not registered:
            continue
        if len(group) > BULK:
            whole.add(table)
            continue
        for change in group:
            for entry in registered:
                keys.update(_row_tags(table, entry, change, linked))
    for (table, entry), pks in linked.items():
        keys.update(_linked_tags(table, entry, pks))
    for change in (c for c in changes if c.new is None and c.table in tables.TABLES):
        for link in _links_to(change.table):
            for entry in map(parse, entries.get(link.name, ())):
                if entry.kind == "=" and link.columns.get(entry.column) == change.table:
                    keys.add(store.tag_key(link.name, entry.text, str(change.pk)))
                else:
                    keys.add(store.tag_key(link.name, entry.text, _every(entry)))
    return keys, whole


def _row_tags(table, entry, change, linked):
    changed = change.changed_columns
    if changed is not None and entry.columns is not None and not entry.columns & changed:
        return  # the row changed in columns nothing of this kind looks at
    sides = [side for side in (change.old, change.new) if side is not None]
    if entry.kind == "*":
        yield store.tag_key(table, entry.text, "")
    elif entry.kind == "=":
        for side in sides:
            if side.get(entry.column) is not None:
                yield store.tag_key(table, entry.text, side[entry.column])
        if not change.old_known and entry.column not in change.old:
            yield store.tag_key(table, entry.text, "*")
    elif entry.kind in "~%":
        fold = str.lower if entry.kind == "%" else str
        unknown = not change.old_known and entry.column not in change.old
        if unknown or any(
            fold(entry.contains) in fold(side.get(entry.column) or "") for side in sides
        ):
            yield store.tag_key(table, entry.text, "")
    elif entry.kind == "@":
        if change.new is None:  # its links are gone: every page of this kind
            yield store.tag_key(table, entry.text, "*")
        else:
            linked[(table, entry)].add(change.pk)


def _linked_tags(table, entry, pks):
    """The tags of the rows linked, through ``entry``'s many-to-many table, to ``pks``."""
    link = tables.LINKS[entry.link]
    others = (
        link.model._base_manager.filter(**{f"{link.attnames[entry.own]}__in": pks})
        .values_list(link.attnames[entry.other], flat=True)
        .distinct()
    )
    return {store.tag_key(table, entry.text, str(other)) for other in others}


def _every(entry) -> str:
    """The value of the set that every page with tags of ``entry`` joined."""
    return "*" if entry.kind in "=@" else ""


def _links_to(table):
    return [link for link in tables.LINKS.values() if table in link.columns.values()]


class Entry:
    """A registered kind of dependency (see ``pagecache.queries``), parsed."""

    def __init__(self, text):
        self.text = text
        body, _, columns = text.rpartition("|")
        self.columns = None if columns == "*" else frozenset(filter(None, columns.split(",")))
        self.kind = body[0]
        self.column = self.contains = self.link = self.own = self.other = None
        if self.kind == "=":
            self.column = body[1:]
        elif self.kind in "~%":
            self.column, _, self.contains = body[1:].partition("~")
        elif self.kind == "@":
            self.link, self.own, self.other = body[1:].split(".")


@lru_cache(maxsize=4096)
def parse(text) -> Entry:
    return Entry(text)
