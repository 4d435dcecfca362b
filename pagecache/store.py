"""Where pages and what each depends on are kept: Redis, or this process's memory.

Per page (``<id>`` names its address, ``pagecache.addresses``), under the release:

- ``page``: (built, content, headers), ``built`` the content version its render started at;
- ``behind``: the content version of the latest change the page showed; the page is stale
  while ``built`` is lower;
- ``since``: when (seconds) it first fell behind since it was built, which bounds how long its
  stale copy is served;
- ``claim``: a re-render of it is queued.

Per dependency: a set of the pages with that tag (``pagecache:dep:*``), and per table the
entries pages have registered (``entries``), the pages that read it at all (``reads``) and
the content version of its latest change (``table``). Sets live twice as long as pages and
are refreshed whenever a page joins them, so that they outlive every page they list.

Redis must keep each key until it expires (no ``maxmemory``, or one so large that nothing
is evicted): a mark or a set evicted early would let a stale page pass for fresh.

``RedisStore`` does each step in one round trip (Lua scripts, atomic on the server);
``LocalStore`` does the same in this process, for the local-memory cache of development and
tests. With any other cache (``CoarseStore``) pages carry no dependencies and every change
invalidates every page, as a single version did.
"""

import hashlib
import threading
import time
import uuid
from collections import defaultdict

from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from django.db import connection

from . import scripts
from .release import release
from .versions import EPOCH_KEY, VERSION_KEY, bump_content_version, fresh_version

# How long a queued re-render keeps others from queueing the same page.
CLAIM_SECONDS = 600
# Names the sets of pages of a local-memory cache (see LocalStore).
LOCAL_SETS_KEY = "pagecache:local-sets"


def page_keys(address) -> tuple[str, str, str]:
    prefix = f"pagecache:%s:{release()}:{address.id}"
    return prefix % "page", prefix % "behind", prefix % "since"


def claim_key(address) -> str:
    return f"pagecache:claim:{release()}:{address.id}"


def tag_key(table: str, entry: str, value: str) -> str:
    digest = hashlib.sha1(f"{table}\x1f{entry}\x1f{value}".encode()).hexdigest()[:24]
    return f"pagecache:dep:{digest}"


def entries_key(table):
    return f"pagecache:entries:{table}"


def reads_key(table):
    return f"pagecache:reads:{table}"


def table_key(table):
    return f"pagecache:table:{table}"


def set_additions(member: str, tags: dict) -> list[tuple[str, str]]:
    """(set key, member) for each set a page with ``tags`` ({(table, entry): values}) joins."""
    additions = []
    for (table, entry), values in tags.items():
        if values:
            additions.extend((tag_key(table, entry, value), member) for value in values)
            additions.append((tag_key(table, entry, "*"), member))
        else:
            additions.append((tag_key(table, entry, ""), member))
        additions.append((entries_key(table), entry))
    additions.extend((reads_key(table), member) for table in {table for table, _ in tags})
    return additions


class LocalStore:
    """The store in this process's memory (the local-memory cache is per process too).

    Pages, their marks and the versions are in the cache; the sets of pages, which a small
    local-memory cache would soon evict, in this process, as long as the cache is not cleared.
    """

    fine_grained = True
    _lock = threading.RLock()
    _sets_by_generation = {}

    def __init__(self, backend):
        self.cache = backend

    def _sets(self) -> dict:
        generation = self.cache.get(LOCAL_SETS_KEY)
        if generation not in self._sets_by_generation:
            generation = uuid.uuid4().hex
            self.cache.set(LOCAL_SETS_KEY, generation, None)
            self._sets_by_generation.clear()  # those of a cache cleared since
            self._sets_by_generation[generation] = defaultdict(set)
        return self._sets_by_generation[generation]

    def save(self, keys, value, additions, tables, built, seconds) -> bool:
        page, behind_key, since_key = keys
        with self._lock:
            sets = self._sets()
            for key, member in additions:
                sets[key].add(member)
            changed = max((self.cache.get(table_key(t)) or 0 for t in tables), default=0)
            self.cache.set(page, value, seconds)
            behind = self.cache.get(behind_key) or 0
            if changed > built and changed > behind:
                behind = changed
                self.cache.set(behind_key, behind, seconds)
            if behind > built:
                self.cache.add(since_key, int(time.time()), seconds)
                return True
            self.cache.delete(since_key)
            return False

    def discard(self, keys):
        self.cache.delete_many(list(keys))

    def bump(self, tables) -> tuple[int, dict]:
        with self._lock:
            try:
                version = self.cache.incr(VERSION_KEY)
            except ValueError:
                version = fresh_version()
                self.cache.set(VERSION_KEY, version, None)
            for table in tables:
                self.cache.set(table_key(table), version, None)
            sets = self._sets()
            return version, {t: set(sets.get(entries_key(t), ())) for t in tables}

    def take(self, keys) -> set:
        with self._lock:
            sets = self._sets()
            return set().union(*(sets.pop(key, ()) for key in keys))

    def readers(self, tables) -> set:
        with self._lock:
            sets = self._sets()
            return set().union(*(sets.get(reads_key(t), ()) for t in tables))

    def mark(self, pages, version, seconds) -> list:
        """Mark the pages ({member: (page keys, claim key)}) behind ``version``; returns the
        members whose re-render this call claimed."""
        claimed, now = [], int(time.time())
        with self._lock:
            for member, ((_, behind_key, since_key), claim) in pages.items():
                if (self.cache.get(behind_key) or 0) < version:
                    self.cache.set(behind_key, version, seconds)
                self.cache.add(since_key, now, seconds)
                if self.cache.add(claim, 1, CLAIM_SECONDS):
                    claimed.append(member)
        return claimed

    def claim(self, claim) -> bool:
        return self.cache.add(claim, 1, CLAIM_SECONDS)

    def release(self, claim):
        self.cache.delete(claim)


class RedisStore(LocalStore):
    """The store in Redis, shared by every process and node."""

    def __init__(self, backend):
        super().__init__(backend)
        self.client = backend._cache
        self.key = backend.make_key

    def save(self, keys, value, additions, tables, built, seconds) -> bool:
        set_keys = [self.key(key) for key, _ in additions]
        arguments = [
            self.client._serializer.dumps(value),
            seconds,
            built,
            int(time.time()),
            2 * seconds,
            len(set_keys),
            *(member for _, member in additions),
        ]
        table_keys = [self.key(table_key(table)) for table in tables]
        stale = self._run(
            lambda redis: scripts.SAVE(
                keys=[*(self.key(k) for k in keys), *set_keys, *table_keys],
                args=arguments,
                client=redis,
            )
        )
        return bool(stale)

    def bump(self, tables) -> tuple[int | None, dict]:
        tables = sorted(tables)

        def run(redis):
            pipe = redis.pipeline(transaction=False)
            scripts.BUMP(
                keys=[self.key(VERSION_KEY), *(self.key(table_key(t)) for t in tables)],
                args=[fresh_version()],
                client=pipe,
            )
            for table in tables:
                pipe.smembers(self.key(entries_key(table)))
            return pipe.execute()

        results = self._run(run)
        if results is None:
            return None, {}
        version, *entries = results
        found = zip(tables, entries, strict=True)
        return int(version), {table: {e.decode() for e in names} for table, names in found}

    def take(self, keys) -> set:
        if not keys:
            return set()
        found = self._run(
            lambda redis: scripts.TAKE(keys=[self.key(k) for k in keys], client=redis)
        )
        return {member.decode() for member in found or ()}

    def readers(self, tables) -> set:
        if not tables:
            return set()
        found = self._run(lambda redis: redis.sunion([self.key(reads_key(t)) for t in tables]))
        return {member.decode() for member in found or ()}

    def mark(self, pages, version, seconds) -> list:
        members = list(pages)
        keys = []
        for member in members:
            (_, behind_key, since_key), claim = pages[member]
            keys.extend(self.key(k) for k in (behind_key, since_key, claim))
        claimed = self._run(
            lambda redis: scripts.MARK(
                keys=keys,
                args=[version, int(time.time()), seconds, CLAIM_SECONDS],
                client=redis,
            )
        )
        return [members[int(index)] for index in claimed or ()]

    def _run(self, function):
        """``function(redis client)``, or None while the cache does not answer (the backend
        of this project fails soft; Django's own is asked as is)."""
        call = getattr(self.client, "_call", None)
        redis = self.client.get_client(write=True)
        if call is None:
            return function(redis)
        return call(function, redis, unavailable=None)


class CoarseStore(LocalStore):
    """Any other cache: pages carry no dependencies; a change invalidates every page."""

    fine_grained = False

    def save(self, keys, value, additions, tables, built, seconds) -> bool:
        self.cache.set(keys[0], value, seconds)
        return False

    def bump(self, tables):
        bump_content_version()
        return None, {}


def current():
    """The store for the default cache, as configured now."""
    backend = caches["default"]
    if connection.ops.quote_name("x") != '"x"':
        return CoarseStore(backend)  # the analysis of queries reads double-quoted SQL
    if isinstance(backend, RedisCache):
        return RedisStore(backend)
    if isinstance(backend, LocMemCache):
        return LocalStore(backend)
    return CoarseStore(backend)


def lookup_keys(address) -> list[str]:
    return [*page_keys(address), EPOCH_KEY, VERSION_KEY]


def look_up(address) -> dict:
    """The page, how far behind it is, the epoch and the content version: one round trip."""
    return cache.get_many(lookup_keys(address))
