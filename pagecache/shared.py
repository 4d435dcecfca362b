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
    [value] = _kept(name, [("", None)], lambda _: build(), per_language)
    return value


def shared_each(name: str, items, render, *, per_language=True) -> list:
    """``[render(item) for item in items]``, each kept as ``shared`` keeps a value, under
    ``name`` and the item's primary key: one round trip for all of them, one more to keep
    those that were missing."""
    return _kept(name, [(f":{item.pk}", item) for item in items], render, per_language)


def _kept(name, entries, render, per_language) -> list:
    """``render(item)`` for each (key suffix, item) of ``entries``, from the cache where it is
    kept, else rendered (recording what it reads) and kept; what each read is counted as read
    by the page being rendered."""
    if seconds() <= 0 or not entries:
        return [render(item) for _, item in entries]
    page = current_reads()
    try:
        version = page.version if page is not None and page.version else content_version()
        language = get_language() if per_language else ""
        prefix = f"pagecache:shared:{release()}:{version}:{language}:{name}"
        keys = [prefix + suffix for suffix, _ in entries]
        found = cache.get_many(keys)
    except Exception:  # the cache is down: render, as if the site had no cache
        logger.warning("Could not read the shared values %s.", name, exc_info=True)
        return [render(item) for _, item in entries]
    missing = {}
    for key, (_, item) in zip(keys, entries, strict=True):
        if key not in found:
            with recording() as reads:
                value = render(item)
            found[key] = missing[key] = (value, dict(reads.tags))
    if missing:
        try:
            cache.set_many(missing, SECONDS)
        except Exception:
            logger.warning("Could not keep the shared values %s.", name, exc_info=True)
    values = []
    for key in keys:
        value, tags = found[key]
        if page is not None:
            page.add(tags)
        values.append(value)
    return values
