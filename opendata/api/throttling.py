"""How often one address may ask the API: ``RATELIMIT_API_REQUESTS`` (120 a minute), counted
in the shared cache like the site's other rate limits, per client address as the site reads
it behind its proxies (``ops.security.client_ip``).

Every request counts, those answered from the API's cache and with a 304 included: the count
is taken before the view looks anything up. When the cache does not answer, requests are let
through (as django-ratelimit does for the forms), and ``RATELIMIT_ENABLE=0`` turns the limit
off for load tests.
"""

import logging

from django.conf import settings
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from ops.security import client_ip

logger = logging.getLogger(__name__)


class PerAddressThrottle(SimpleRateThrottle):
    scope = "api"

    def get_rate(self):
        # Read at each request, so that a changed setting applies at once.
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": client_ip(request)}

    def allow_request(self, request, view):
        if not getattr(settings, "RATELIMIT_ENABLE", True):
            return True
        try:
            return super().allow_request(request, view)
        except Exception:
            logger.warning("The API's rate limit cannot count; letting the request through.")
            return True
