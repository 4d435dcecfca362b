"""The compendium kept in the cache: built once per content version, language and release.

Each language has two entries, named by the release (``pagecache.middleware.release``) and the
language: the book's particulars (``Book``: the content version it was built at, its pages,
size and ETag), small enough to read on every visit of the good-practices page, and the PDF
itself. Both are overwritten by the next build, so that old books never pile up; a book is
served only while its version is the current one (``pagecache.versions``), as the page cache
does with pages.

**One build at a time.** Building takes seconds of CPU. The first request that finds no book
for the current version takes a lock (``cache.add``) and builds; the others wait for that book
rather than build the same one beside it, which would only share the same cores between more
builds and finish each later. A waiting request polls for the book and builds it itself if the
lock goes away without a book (the builder failed) or after ``WAIT_SECONDS`` (the builder is
stuck); the lock expires after ``LOCK_SECONDS`` in any case.

**In the background.** After content changes, the worker builds the three books
(``tasks.build_compendium``), once the changes have settled for ``SETTLE_SECONDS``, so that
visitors rarely wait for one; see ``schedule_build``.

**Failing soft.** When the cache does not answer, the book is built for each request and
served uncached, as pages are.
"""

import hashlib
import logging
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from pagecache.middleware import release
from pagecache.versions import VERSION_KEY, content_version

from . import book

logger = logging.getLogger(__name__)

LOCK_SECONDS = 120
WAIT_SECONDS = 20  # under gunicorn's timeout of 30 s
POLL_SECONDS = 0.25
KEEP_SECONDS = 30 * 24 * 3600  # a release's books outlive it by this much at most
SETTLE_SECONDS = 30
SCHEDULED_KEY = "compendium:scheduled"


@dataclass(frozen=True)
class Book:
    """What is known of a built compendium, without its PDF."""

    language: str
    version: int | None
    pages: int
    size: int
    etag: str
    built_at: datetime

    @property
    def filename(self) -> str:
        return f"mieux-good-practices-{self.language}.pdf"


def current(language: str) -> Book | None:
    """The compendium in ``language`` if it is built for the current content, else None."""
    try:
        found = cache.get_many([_key(language), VERSION_KEY])
    except Exception:
        logger.warning(
            "Cache unavailable; the compendium's particulars are unknown.", exc_info=True
        )
        return None
    edition = found.get(_key(language))
    if edition is None or edition.version != found.get(VERSION_KEY):
        return None
    return edition


def pdf_of(language: str) -> tuple[Book, bytes]:
    """The compendium in ``language`` for the current content: from the cache, or built now
    (by this request, or by another one it waits for)."""
    try:
        version = content_version()
    except Exception:
        version = None
    if version is None:  # the cache does not answer
        return _build(language, version)
    found = _stored(language, version)
    if found:
        return found
    lock = f"{_key(language)}:building:{version}"
    deadline = time.monotonic() + WAIT_SECONDS
    while not (owner := _cache(cache.add, lock, True, LOCK_SECONDS)):
        # Another request is building this book: wait for it, unless that takes too long or
        # the cache fails (the lock can then be neither taken nor read). Should its builder
        # give up, the lock goes and this request takes it.
        if time.monotonic() > deadline or not _cache(cache.has_key, lock):
            break
        time.sleep(POLL_SECONDS)
        if found := _stored(language, version):
            return found
    try:
        edition, pdf = _build(language, version)
        _cache(cache.set_many, {_key(language): edition, _pdf_key(language): pdf}, KEEP_SECONDS)
    finally:
        if owner:
            _cache(cache.delete, lock)
    return edition, pdf


def refresh(language: str) -> bool:
    """Build the compendium in ``language`` unless the current one is stored (or wait for the
    request that builds it). Whether it was missing."""
    if current(language) is not None:
        return False
    pdf_of(language)
    return True


def _stored(language: str, version: int) -> tuple[Book, bytes] | None:
    found = _cache(cache.get_many, [_key(language), _pdf_key(language)]) or {}
    edition, pdf = found.get(_key(language)), found.get(_pdf_key(language))
    if edition is None or pdf is None or edition.version < version:
        return None
    if hashlib.sha256(pdf).hexdigest()[:32] != edition.etag:
        return None  # the two entries are of different builds: build again
    return edition, pdf


def _build(language: str, version: int | None) -> tuple[Book, bytes]:
    started = time.monotonic()
    printed = book.make(language)
    edition = Book(
        language=language,
        version=version,
        pages=printed.pages,
        size=len(printed.pdf),
        etag=hashlib.sha256(printed.pdf).hexdigest()[:32],
        built_at=timezone.now(),
    )
    logger.info(
        "Compendium in %s built in %.1f s: %s pages, %s bytes.",
        language,
        time.monotonic() - started,
        edition.pages,
        edition.size,
    )
    return edition, printed.pdf


def _cache(method, *args):
    """A cache call that fails soft: None when the cache does not answer."""
    try:
        return method(*args)
    except Exception:
        logger.warning("Cache unavailable for the compendium.", exc_info=True)
        return None


def _key(language: str) -> str:
    return f"compendium:{release()}:{language}"


def _pdf_key(language: str) -> str:
    return f"{_key(language)}:pdf"


# --- Building in the background after content changes ------------------------------------------


def schedule_build() -> None:
    """Ask the worker to build the books once the content has settled: one task per
    ``SETTLE_SECONDS`` at most, run at its end, which builds whatever the content is by then,
    so that a burst of edits costs one build per language."""
    from .tasks import build_compendium

    try:
        if not cache.add(SCHEDULED_KEY, True, SETTLE_SECONDS):
            return
        settle = timezone.now() + timedelta(seconds=SETTLE_SECONDS)
        build_compendium.using(run_after=settle).enqueue()
    except Exception:
        # The books are then built by the first requests that ask for them.
        logger.warning("Could not schedule the compendium's build.", exc_info=True)


def built_in_background() -> bool:
    """Whether the worker builds the books: only where they can be shared, with a cache every
    process reads and a task backend that defers (the worker's database queue). Elsewhere each
    request builds what it needs."""
    from .tasks import build_compendium

    return settings.SHARED_CACHE and build_compendium.get_backend().supports_defer


def content_changed(sender, instance=None, action=None, **kwargs):
    if action is not None and not action.startswith("post_"):
        return  # m2m_changed: once the links have changed, not before
    if getattr(instance, "affects_public_pages", True) and built_in_background():
        transaction.on_commit(schedule_build)


def watch(models):
    """Build the books again after ``models`` (or their many-to-many) change."""
    for model in models:
        uid = f"compendium-{model._meta.label}"
        post_save.connect(content_changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"{uid}-delete")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                content_changed,
                sender=field.remote_field.through,
                dispatch_uid=f"{uid}-{field.name}",
            )
