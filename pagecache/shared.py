"""Values that many pages show, built once per content version instead of on every render.

A page's filter choices or headline figures are the same on every page that shows them until
public content changes: ``shared("actions:years", build)`` builds the value on the first
render that needs it and keeps it, under the content version, for the next ones. What the
build read is kept with it and counted as read by every page that uses the value, so that a
change to it re-makes those pages as if each had run the queries itself.

With the page cache off (``PUBLIC_PAGE_CACHE_SECONDS`` 0, as in development on SQLite), every
page is made from the database as it is, shared values included.
"""

import logging

from django.core.cache import cache
from django.utils.translation import get_language

from .middleware import seconds
from .recording import current_reads, recording
from .release import release
from .versions import content_version

logger = logging.getLogger(__name__)

# Long enough to outlive any page built from it; a new content version leaves it behind.
SECONDS = 24 * 3600


def shared(name: str, build, *, per_language=False):
    """``build()``, or what it returned for the current content version (and language, if
    ``per_language``: for values with translated words in them)."""
    if seconds() <= 0:
        return build()
    try:
        language = get_language() if per_language else ""
        key = f"pagecache:shared:{release()}:{content_version()}:{language}:{name}"
        found = cache.get(key)
    except Exception:  # the cache is down: build it, as if the site had no cache
        logger.warning("Could not read the shared value %s.", name, exc_info=True)
        return build()
    if found is None:
        with recording() as reads:
            value = build()
        found = (value, dict(reads.tags))
        try:
            cache.set(key, found, SECONDS)
        except Exception:
            logger.warning("Could not keep the shared value %s.", name, exc_info=True)
    value, tags = found
    if (page := current_reads()) is not None:
        page.add(tags)
    return value
