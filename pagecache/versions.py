"""Two numbers that every cached page is checked against.

- The **content version** counts changes to public content: it goes up once per committed
  transaction that changed something a public page may show (``pagecache.changes``), however
  many rows it touched, and once for a change to everything. Other code keys its own caches
  on it (``content_version()``): whatever it built before the number moved is out of date.
- The **epoch** is the content version of the last change to everything
  (``bump_content_version()``: a restore, rows written in bulk without signals, the cache
  answering again after an outage). No page built before it is ever served. Finer changes
  leave it alone: they invalidate only the pages that showed what changed
  (``pagecache.invalidation``).
"""

import logging
import time

from django.core.cache import cache

logger = logging.getLogger(__name__)

VERSION_KEY = "pagecache:content-version"
EPOCH_KEY = "pagecache:epoch"


def content_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, fresh_version(), timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def fresh_version() -> int:
    # Never reuse a number, even if the cache lost the key: old pages must not come back.
    return int(time.time() * 1000)


def bump_content_version():
    """Everything may have changed: no page built until now is served again."""
    try:
        try:
            version = cache.incr(VERSION_KEY)
        except ValueError:  # the key was evicted or never set
            version = fresh_version()
            cache.set(VERSION_KEY, version, timeout=None)
        cache.set(EPOCH_KEY, version, timeout=None)
    except Exception:
        # Pages cached before this change may be served until they expire
        # (PUBLIC_PAGE_CACHE_SECONDS). Log it loudly; the health check reports the cache.
        logger.error("Could not invalidate the page cache.", exc_info=True)
