"""Whole public pages cached for anonymous visitors, and all of them invalidated at once.

Every cached page is stored with the *content version* it was built at. Saving or deleting
any content that a public page may show bumps the version (after the transaction commits), so
every page, on every node sharing the cache, is rebuilt on its next visit. Invalidation is
therefore exact without knowing which page shows what; the cost is that an edit refreshes
all pages, which suits a site that is read far more than it is written.

Only anonymous GETs without a session are served from the cache: the pages carry no CSRF
token nor anything personal (see ``includes/language_switcher.html``). Views opt in with
``cache_public_page``; ``PublicPageCacheMiddleware``, placed high in the stack, serves a stored
page before the middleware below it runs (sessions, CSRF, authentication, ...), and stores the
response as that middleware left it, headers included.
"""

import hashlib
import logging
import re
import time
from functools import cache as memoize
from functools import lru_cache, wraps
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils.http import urlencode
from django.utils.translation import get_language_from_request

logger = logging.getLogger(__name__)

VERSION_KEY = "mieux:content-version"


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


def connect(models):
    """Invalidate the cached pages whenever one of ``models`` (or its many-to-many) changes."""
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


@memoize
def release() -> str:
    """What the code and assets of this deployment are: RELEASE if set (e.g. the commit), else
    a fingerprint of the project's source, templates, translations and static manifest.

    Part of every page's key, so that a deployment never serves pages rendered by the last one
    (with its templates and its hashed static file names).
    """
    if settings.RELEASE:
        return settings.RELEASE
    digest = hashlib.sha256()
    root = Path(settings.BASE_DIR)
    sources = [
        *(root / app for app in ("actions", "core", "mailer", "mieux", "roundtables")),
        root / "templates",
        root / "locale",
    ]
    files = {
        p
        for folder in sources
        for p in folder.rglob("*")
        if p.suffix in {".py", ".html", ".txt", ".mo"}
    }
    for path in sorted(files):
        digest.update(path.read_bytes())
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if manifest.exists():
        digest.update(manifest.read_bytes())
    return digest.hexdigest()[:16]


def cache_public_page(view, *, params=()):
    """Let the page cache serve ``view`` to anonymous visitors (see the module's docstring).

    Only addresses whose query string uses ``params``, once each, are cached; any other
    (``?preview``, or made-up parameters) is served fresh, so that the cache cannot be filled
    with variants. A response the view marks private (for instance for invalid filters) is
    not stored either.
    """

    @wraps(view)
    def public_page(request, *args, **kwargs):
        return view(request, *args, **kwargs)

    public_page.page_cache_params = frozenset(params)
    return public_page


@lru_cache(maxsize=4096)
def _page_cache_params(path: str):
    """The parameters the view at ``path`` may be cached with; None if it is not cached.

    Remembered per path (the URLs never change while the process runs), so that requests for
    other views pay a dictionary lookup rather than a second URL resolution.
    """
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return getattr(match.func, "page_cache_params", None)


def _cacheable(request) -> bool:
    if settings.PUBLIC_PAGE_CACHE_SECONDS <= 0 or request.method not in ("GET", "HEAD"):
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


CANONICAL_PAGE = re.compile(r"[1-9][0-9]{0,5}")


def _key(request) -> str:
    # The language as LocaleMiddleware, further down the stack, will choose it.
    language = get_language_from_request(request)
    address = request.path + "?" + urlencode(sorted(request.GET.items()))
    digest = hashlib.sha256(address.encode()).hexdigest()
    return f"mieux:page:{release()}:{language}:{request.scheme}:{request.get_host()}:{digest}"


def _storable(response) -> bool:
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in cache_control
        and "no-store" not in cache_control
    )


class PublicPageCacheMiddleware:
    """Serves the cached copy of a public page, or stores the page the stack below builds."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _cacheable(request):
            return self.get_response(request)
        key = _key(request)
        try:
            # One round trip: the page as stored (with the version it was built at) and the
            # current version. A page built before the last change is rebuilt.
            found = cache.get_many([key, VERSION_KEY])
            version = found.get(VERSION_KEY)
            stored = found.get(key)
            if version is not None and stored is not None and stored[0] == version:
                return _response(stored)
            if version is None:
                version = content_version()
        except Exception:  # the cache is down: serve the page uncached rather than fail
            logger.warning(
                "Page cache unavailable; serving %s uncached.", request.path, exc_info=True
            )
            return self.get_response(request)
        response = self.get_response(request)
        if _storable(response):
            try:
                cache.set(
                    key,
                    (version, response.content, list(response.items())),
                    settings.PUBLIC_PAGE_CACHE_SECONDS,
                )
            except Exception:
                logger.warning("Could not cache %s.", request.path, exc_info=True)
        return response


def _response(stored) -> HttpResponse:
    _, content, headers = stored
    response = HttpResponse(content)
    for name, value in headers:
        response[name] = value
    return response
