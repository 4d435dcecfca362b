"""The operations endpoints: the health check, the answers to unreadable requests and to rate
limits, and the benchmark's yardstick page."""

import logging
import secrets

from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 60


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        logger.exception("Health check: the database does not answer.")
        return "unavailable"
    return "ok"


def _cache() -> str:
    # A key of its own for each check: nodes and workers checking at once share the cache.
    key = f"mieux:healthz:{secrets.token_hex(8)}"
    try:
        cache.set(key, "ok", 10)
        if cache.get(key) != "ok":
            return "unavailable"
    except Exception:
        logger.exception("Health check: the cache does not answer.")
        return "unavailable"
    return "ok"


@never_cache
def healthz(request):
    """The state of the database and of the cache: 200 when both answer, 503 otherwise."""
    checks = {"database": _database(), "cache": _cache()}
    healthy = all(state == "ok" for state in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", **checks}, status=200 if healthy else 503
    )


def bad_request(request, exception=None):
    """Django's answer to what it cannot read (``handler400``): a control character or bytes
    that are not UTF-8 in the address (``ops.addresses``), too many parameters, a body too
    large, an unknown host. Rendered without the request, which is what could not be read:
    nothing of it is read again, nor shown back. The page is in the address's language when
    LocaleMiddleware has chosen it."""
    return HttpResponseBadRequest(render_to_string("400.html"))


def too_many_requests(request, exception=None):
    """django-ratelimit's answer when a limit is reached: a clear page, status 429."""
    response = render(request, "429.html", {"retry_after": RETRY_AFTER_SECONDS}, status=429)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def hello(request):
    """The benchmarks' yardstick: the smallest page, through the whole middleware stack.

    Routed only when BENCH_ENDPOINTS is on (bench/run.py turns it on), never in production.
    """
    return HttpResponse("Hello, world", content_type="text/plain")
