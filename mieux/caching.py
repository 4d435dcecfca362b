"""Whole public pages cached for anonymous visitors, and all of them invalidated at once.

Every cached page is stored with the *content version* it was built at. Saving or deleting
any content that a public page may show bumps the version (after the transaction commits), so
every page, on every node sharing the cache, is rebuilt on its next visit. Invalidation is
therefore exact without knowing which page shows what; the cost is that an edit refreshes
all pages, which suits a site that is read far more than it is written.

Only anonymous GETs without a session are served from the cache: the pages carry no CSRF
token nor anything personal (see ``includes/language_switcher.html``).
"""

import hashlib
import logging
import time
from functools import cache as memoize
from functools import wraps
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils.translation import get_language

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


def content_changed(sender, instance=None, **kwargs):
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


def _cacheable(request, params) -> bool:
    return (
        settings.PUBLIC_PAGE_CACHE_SECONDS > 0
        and set(request.GET) <= params  # only the page's own parameters: no endless keys
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES  # staff, or a session's messages
        and "messages" not in request.COOKIES
    )


def _key(request) -> str:
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"mieux:page:{release()}:{get_language()}:{request.get_host()}:{path}"


def cache_public_page(view, *, params=("page",)):
    """Serve ``view`` from the cache for anonymous visitors (see the module's docstring).

    Only addresses whose query string uses ``params`` are cached; any other (``?preview``, or
    made-up parameters) is served fresh, so that the cache cannot be filled with variants.
    """
    params = frozenset(params)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not _cacheable(request, params):
            return view(request, *args, **kwargs)
        key = _key(request)
        try:
            # One round trip: the page as stored (with the version it was built at) and the
            # current version. A page built before the last change is rebuilt.
            found = cache.get_many([key, VERSION_KEY])
        except Exception:  # the cache is down: serve the page uncached rather than fail
            logger.warning(
                "Page cache unavailable; serving %s uncached.", request.path, exc_info=True
            )
            return view(request, *args, **kwargs)
        version = found.get(VERSION_KEY)
        stored = found.get(key)
        if version is not None and stored is not None and stored[0] == version:
            return HttpResponse(stored[1], content_type=stored[2])
        if version is None:
            version = content_version()
        response = view(request, *args, **kwargs)

        def store(response):
            if response.status_code == 200 and not response.streaming:
                try:
                    cache.set(
                        key,
                        (version, response.content, response["Content-Type"]),
                        settings.PUBLIC_PAGE_CACHE_SECONDS,
                    )
                except Exception:
                    logger.warning("Could not cache %s.", request.path, exc_info=True)

        if hasattr(response, "render") and not response.is_rendered:
            response.add_post_render_callback(store)
        else:
            store(response)
        return response

    return wrapped
