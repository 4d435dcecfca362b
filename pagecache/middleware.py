"""Serves cached public pages from the top of the middleware stack, and stores new ones.

Only anonymous GETs without a session are served from the cache: the pages carry no CSRF
token nor anything personal. ``PublicPageCacheMiddleware``, placed high in the stack, serves
a stored page before the middleware below it runs (sessions, CSRF, authentication, ...), and
stores the response as that middleware left it, headers included, with what the page read
while it rendered (``pagecache.recording``): a later change to any of that refreshes it.

**What a visitor may see.** A page whose content changed is re-made in the background
(``pagecache.tasks``) within moments of the change's commit. Until then visitors get the
copy made before the change, for at most ``PUBLIC_PAGE_STALE_SECONDS`` (60 by default) after
the first change it missed; after that the page is rendered for the visitor who asks, as if
the worker were not running. A change to everything (``bump_content_version``: a restore,
bulk writes) is never served stale. Serving a page, fresh or stale, takes one round trip to
the cache.
"""

import logging
import re
import time
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils import translation

from . import store
from .addresses import RERENDER, Address
from .recording import recording
from .release import release  # noqa: F401  (the key's first part; tests clear its memo)
from .versions import EPOCH_KEY, VERSION_KEY, content_version

logger = logging.getLogger(__name__)

CANONICAL_PAGE = re.compile(r"[1-9][0-9]{0,5}")


@lru_cache(maxsize=4096)
def _page_cache_params(path: str):
    """The parameters the view at ``path`` may be cached with; None if it is not cached.

    Remembered per path (the URLs never change while the process runs), so that requests for
    other views pay a dictionary lookup rather than a second URL resolution. Resolved in the
    language of the address, as language-prefixed patterns only match their own language.
    """
    try:
        with translation.override(translation.get_language_from_path(path)):
            match = resolve(path)
    except Resolver404:
        return None
    return getattr(match.func, "page_cache_params", None)


def seconds() -> int:
    """How long a page is kept (PUBLIC_PAGE_CACHE_SECONDS); 0, the default, turns caching off."""
    return getattr(settings, "PUBLIC_PAGE_CACHE_SECONDS", 0)


def stale_seconds() -> int:
    """How long after the first change it missed a page may still be served (while its
    re-render is queued): PUBLIC_PAGE_STALE_SECONDS, 60 by default."""
    return getattr(settings, "PUBLIC_PAGE_STALE_SECONDS", 60)


def _cacheable(request) -> bool:
    if seconds() <= 0 or request.method not in ("GET", "HEAD"):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
        return False  # staff, or a session's messages
    params = _page_cache_params(request.path_info)
    if params is None or not set(request.GET) <= params:
        return False
    # No endless keys: each parameter once, and page numbers written one way only.
    if any(len(values) > 1 for _, values in request.GET.lists()):
        return False
    return "page" not in request.GET or CANONICAL_PAGE.fullmatch(request.GET["page"]) is not None


def _storable(response) -> bool:
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in cache_control
        and "no-store" not in cache_control
    )


def _servable(found, page_key, behind_key, since_key) -> bool:
    """Whether the stored copy may be served: built since the last change to everything, and
    either up to date, or behind for less than PUBLIC_PAGE_STALE_SECONDS."""
    page, epoch = found.get(page_key), found.get(EPOCH_KEY)
    if page is None or epoch is None or page[0] < epoch:
        return False
    behind = found.get(behind_key)
    if behind is None or page[0] >= behind:
        return True
    since = found.get(since_key)
    return since is not None and time.time() - since <= stale_seconds()


class PublicPageCacheMiddleware:
    """Serves the cached copy of a public page, or stores the page the stack below builds."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _cacheable(request):
            return self.get_response(request)
        address = Address.of(request)
        keys = store.page_keys(address)
        try:
            # One round trip: the page as stored, how far behind it is, and the versions.
            found = store.look_up(address)
            if request.META.get(RERENDER) is not True and _servable(found, *keys):
                return _response(found[keys[0]])
            version = found.get(VERSION_KEY) or content_version()
            if found.get(EPOCH_KEY) is None:  # first use, or evicted: older pages are out
                cache.add(EPOCH_KEY, version, timeout=None)
        except Exception:  # the cache is down: serve the page uncached rather than fail
            logger.warning(
                "Page cache unavailable; serving %s uncached.", request.path, exc_info=True
            )
            return self.get_response(request)
        with recording() as reads:
            reads.version = version
            response = self.get_response(request)
        try:
            if _storable(response):
                _save(address, keys, response, reads, version)
            elif keys[0] in found:
                store.current().discard(keys)  # gone, or private now: no stale copy either
        except Exception:
            logger.warning("Could not cache %s.", request.path, exc_info=True)
        return response


def _save(address, keys, response, reads, version):
    pages = store.current()
    additions = (
        store.set_additions(address.member, reads.dependencies()) if pages.fine_grained else []
    )
    value = (version, response.content, list(response.items()))
    if pages.save(keys, value, additions, reads.tables, version, seconds()):
        # Something it read changed while it rendered: it is stored as stale, and re-made.
        from .invalidation import rerender

        if pages.claim(store.claim_key(address)):
            rerender([address.member])


def _response(stored) -> HttpResponse:
    _, content, headers = stored
    response = HttpResponse(content)
    for name, value in headers:
        response[name] = value
    return response
