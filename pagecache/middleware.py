"""Serves cached public pages from the top of the middleware stack, and stores new ones.

Only anonymous GETs without a session are served from the cache: the pages carry no CSRF
token nor anything personal. ``PublicPageCacheMiddleware``, placed high in the stack, serves
a stored page before the middleware below it runs (sessions, CSRF, authentication, ...), and
stores the response as that middleware left it, headers included. Each page is stored with
the content version it was built at (``pagecache.versions``) and served only while that
version is current.
"""

import hashlib
import logging
import re
import sysconfig
from functools import cache as memoize
from functools import lru_cache
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.core.cache import cache
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.http import urlencode

from .versions import VERSION_KEY, content_version

logger = logging.getLogger(__name__)


@memoize
def release() -> str:
    """What the code and assets of this deployment are: RELEASE if set (e.g. the commit), else
    a fingerprint of the project's source, templates, translations and static manifest.

    Part of every page's key, so that a deployment never serves pages rendered by the last one
    (with its templates and its hashed static file names).
    """
    if release := getattr(settings, "RELEASE", ""):
        return release
    digest = hashlib.sha256()
    # The project's own apps, its templates and its translations.
    sources = [Path(config.path) for config in apps.get_app_configs() if _is_own(config.path)]
    sources += [Path(folder) for engine in settings.TEMPLATES for folder in engine.get("DIRS", [])]
    sources += [Path(folder) for folder in settings.LOCALE_PATHS]
    files = {
        p
        for folder in sources
        for p in folder.rglob("*")
        if p.suffix in {".py", ".html", ".txt", ".mo", ".yaml"}
    }
    for path in sorted(files):
        digest.update(path.read_bytes())
    manifest = Path(settings.STATIC_ROOT or ".") / "staticfiles.json"
    if settings.STATIC_ROOT and manifest.exists():
        digest.update(manifest.read_bytes())
    return digest.hexdigest()[:16]


def _is_own(path) -> bool:
    """Whether an app is the project's own: inside BASE_DIR, not an installed package."""
    path = Path(path)
    installed = {sysconfig.get_paths()[key] for key in ("purelib", "platlib")}
    if any(path.is_relative_to(folder) for folder in installed):
        return False
    base = getattr(settings, "BASE_DIR", None)
    return base is None or path.is_relative_to(base)


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


def _seconds() -> int:
    """How long a page is kept (PUBLIC_PAGE_CACHE_SECONDS); 0, the default, turns caching off."""
    return getattr(settings, "PUBLIC_PAGE_CACHE_SECONDS", 0)


def _cacheable(request) -> bool:
    if _seconds() <= 0 or request.method not in ("GET", "HEAD"):
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


def _language(request) -> str:
    """The language as LocaleMiddleware, further down the stack, will choose it: from the
    address where the site's URLs carry it, else from the cookie or the browser."""
    path_language = translation.get_language_from_path(request.path_info)
    if path_language:
        return path_language
    urlconf = getattr(request, "urlconf", settings.ROOT_URLCONF)
    prefixed_patterns, prefixed_default = is_language_prefix_patterns_used(urlconf)
    if prefixed_patterns and not prefixed_default:
        return settings.LANGUAGE_CODE
    return translation.get_language_from_request(request)


def _key(request) -> str:
    language = _language(request)
    address = request.path + "?" + urlencode(sorted(request.GET.items()))
    digest = hashlib.sha256(address.encode()).hexdigest()
    return f"pagecache:page:{release()}:{language}:{request.scheme}:{request.get_host()}:{digest}"


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
                    _seconds(),
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
