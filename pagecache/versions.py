"""The content version: one number that every cached page is stored with.

Any change to content a public page may show bumps it (after the transaction commits), so
every page, on every node sharing the cache, is rebuilt on its next visit. Invalidation is
therefore exact without knowing which page shows what; the cost is that an edit refreshes
all pages, which suits a site that is read far more than it is written.
"""

import logging
import time

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

logger = logging.getLogger(__name__)

VERSION_KEY = "pagecache:content-version"


def content_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, _fresh_version(), timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def _fresh_version() -> int:
    # Never reuse a number, even if the cache lost the key: old pages must not come back.
    return int(time.time() * 1000)


def bump_content_version():
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # the key was evicted or never set
        cache.set(VERSION_KEY, _fresh_version(), timeout=None)
    except Exception:
        # Pages cached before this change may be served until they expire
        # (PUBLIC_PAGE_CACHE_SECONDS). Log it loudly; the health check reports the cache.
        logger.error("Could not invalidate the page cache.", exc_info=True)


def content_changed(sender, instance=None, action=None, **kwargs):
    if action is not None and not action.startswith("post_"):
        return  # m2m_changed: once the links have changed, not before
    if getattr(instance, "affects_public_pages", True):
        transaction.on_commit(bump_content_version)


def watch(models):
    """Refresh the cached pages whenever one of ``models`` (or its many-to-many) changes."""
    for model in models:
        uid = f"page-cache-{model._meta.label}"
        post_save.connect(content_changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"{uid}-delete")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                content_changed,
                sender=field.remote_field.through,
                dispatch_uid=f"{uid}-{field.name}",
            )
