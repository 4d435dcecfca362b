"""Rate limits on the participants' forms: every limit of a POST counted in one round trip.

Each limit allows so many POSTs (``count/period``, a setting read at each request) per
window of its period, per value of its key: the visitor's address, the personal link, the
e-mail address asked for. The counters live in the shared cache, so that every worker and
node counts together. django-ratelimit counts each limit with up to three calls to the cache;
here all the limits of a request are counted at once, in one call to Redis (a script that
increments each counter, and gives a new one its expiry). Beyond a limit, django-ratelimit's
``Ratelimited``: its middleware answers with the 429 page (``RATELIMIT_VIEW``). When the cache
does not answer, requests are let through, as with django-ratelimit's ``RATELIMIT_FAIL_OPEN``;
``RATELIMIT_ENABLE=0`` turns the limits off.
"""

import functools
import hashlib
import ipaddress
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from django.conf import settings
from django.core.cache import caches
from django_ratelimit.exceptions import Ratelimited

from ops.security import client_ip
from pagecache.redis import RedisCache

SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 24 * 3600}


@functools.lru_cache
def parse_rate(rate: str) -> tuple[int, int]:
    """ "30/m" -> (30, 60): so many in so many seconds ("5/10m": 5 in 600 seconds)."""
    allowed, period = rate.split("/")
    return int(allowed), int(period[:-1] or 1) * SECONDS[period[-1]]


def visitor_address(request) -> str:
    """The visitor's address (``ops.security.client_ip``); of IPv6, its /64 network, which
    one visitor may hold whole."""
    address = client_ip(request)
    if ":" in address:
        return str(ipaddress.ip_network(f"{address}/64", strict=False).network_address)
    return address


class Counter(NamedTuple):
    key: str
    seconds: int  # how long its window lasts
    allowed: int


@dataclass(frozen=True)
class Limit:
    """At most the rate that the setting ``rate`` names ("30/m") of POSTs per value of
    ``key`` (a function of the request)."""

    rate: str
    key: Callable

    def counter(self, request, group: str) -> Counter:
        """The counter of ``request``'s value for the POSTs to ``group``, in this window."""
        allowed, seconds = parse_rate(getattr(settings, self.rate))
        window = int(time.time()) // seconds
        name = f"{group}:{self.rate}:{self.key(request)}:{window}"
        return Counter(f"rl:{hashlib.sha256(name.encode()).hexdigest()}", seconds, allowed)


def limited(*limits: Limit):
    """A view's POSTs counted against each of ``limits``, answered 429 beyond any of them."""

    def decorator(view):
        group = f"{view.__module__}.{view.__qualname__}"

        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method == "POST" and settings.RATELIMIT_ENABLE:
                counters = [limit.counter(request, group) for limit in limits]
                counts = count_once_more({counter.key: counter.seconds for counter in counters})
                if counts is not None and any(
                    count > counter.allowed for count, counter in zip(counts, counters, strict=True)
                ):
                    raise Ratelimited()
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


# Each counter once more, made with its expiry when new: all in one call to Redis.
COUNT_ONCE_MORE = """
local counts = {}
for i, key in ipairs(KEYS) do
  counts[i] = redis.call("INCR", key)
  if counts[i] == 1 then redis.call("EXPIRE", key, ARGV[i]) end
end
return counts
"""


def count_once_more(counters: dict[str, int]) -> list[int] | None:
    """Add one to each counter (cache key: the seconds it lasts, from its first count) and
    return their counts; None when the cache does not answer."""
    cache = caches["default"]
    if isinstance(cache, RedisCache):
        backend = cache._cache  # the client that keeps track of a Redis that is down
        client = backend.get_client(write=True)
        keys = [cache.make_key(key) for key in counters]
        return backend._call(
            client.eval, COUNT_ONCE_MORE, len(keys), *keys, *counters.values(), unavailable=None
        )
    # Any other cache (local memory in development and tests), a call at a time.
    counts = []
    for key, seconds in counters.items():
        cache.add(key, 0, seconds)
        try:
            counts.append(cache.incr(key))
        except ValueError:  # expired meanwhile, or the cache does not answer
            return None
    return counts
