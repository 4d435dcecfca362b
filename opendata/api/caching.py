"""The API's answers: cached with the public pages' content version, and revalidated with an
ETag.

Each answer is JSON whose ETag is a digest of its bytes, so a client that sends it back
(``If-None-Match``) gets a 304 while the answer is unchanged. Answers are kept in the shared
cache as the public pages are (``PUBLIC_PAGE_CACHE_SECONDS``), stored with the content version
they were built at (``pagecache.versions``) and served only while it is current: any change to
public content rebuilds them on their next request. Only addresses whose parameters the view
knows, each given once, are kept, so that made-up parameters cannot fill the cache.

The cache is only a shortcut: when it fails, answers are built afresh. The rate limit is
counted before any of this (``throttling``), so cached answers and 304s count too.
"""

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.http import parse_etags, urlencode
from rest_framework.renderers import JSONRenderer

from pagecache.release import release
from pagecache.versions import VERSION_KEY, content_version

logger = logging.getLogger(__name__)

# Clients may keep an answer, but ask again each time whether it still holds.
CACHE_CONTROL = "no-cache"


def respond(request, build, *, params=frozenset()) -> HttpResponse:
    """The answer of ``build()`` (a REST framework response) to ``request``: from the cache if
    it holds a current copy, as a 304 if the client's copy is current."""
    key = _key(request) if _cacheable(request, params) else None
    version, stored = _read(key) if key else (None, None)
    if stored is None:
        response = build()
        if response.status_code != 200:
            return response
        body = JSONRenderer().render(response.data)
        stored = (version, _etag(body), body)
        if version is not None:
            _write(key, stored)
    _version, etag, body = stored
    if _client_has(request, etag):
        answer = HttpResponse(status=304)
    else:
        answer = HttpResponse(body, content_type="application/json")
    answer["ETag"] = etag
    answer["Cache-Control"] = CACHE_CONTROL
    return answer


def _seconds() -> int:
    return getattr(settings, "PUBLIC_PAGE_CACHE_SECONDS", 0)


def _cacheable(request, params) -> bool:
    if _seconds() <= 0 or not set(request.GET) <= set(params):
        return False
    return all(len(values) == 1 for _name, values in request.GET.lists())


def _key(request) -> str:
    address = request.path + "?" + urlencode(sorted(request.GET.items()))
    digest = hashlib.sha256(address.encode()).hexdigest()
    # Links in the answers are absolute: the scheme and host are part of what is stored.
    return f"opendata:api:{release()}:{request.scheme}:{request.get_host()}:{digest}"


def _read(key):
    """(the current content version, the stored answer if it was built at that version)."""
    try:
        found = cache.get_many([key, VERSION_KEY])
        version = found.get(VERSION_KEY)
        stored = found.get(key)
        if version is None:
            return content_version(), None
        return version, stored if stored is not None and stored[0] == version else None
    except Exception:
        logger.warning("The API's cache does not answer; building %s afresh.", key, exc_info=True)
        return None, None


def _write(key, stored):
    try:
        cache.set(key, stored, _seconds())
    except Exception:
        logger.warning("Could not cache the API's answer %s.", key, exc_info=True)


def _etag(body: bytes) -> str:
    return f'"{hashlib.sha256(body).hexdigest()[:32]}"'


def _client_has(request, etag: str) -> bool:
    """Whether ``If-None-Match`` names ``etag`` (compared weakly, as for GET) or is "*"."""
    header = request.headers.get("If-None-Match")
    if not header:
        return False
    if header.strip() == "*":
        return True
    return etag in {tag.removeprefix("W/") for tag in parse_etags(header)}
