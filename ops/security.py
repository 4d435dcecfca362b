"""Request details that security features rely on, read the same way everywhere."""

from csp.constants import UNSAFE_INLINE
from django.conf import settings


def client_ip(request, *args) -> str:
    """The visitor's address: behind N trusted proxies, the Nth address from the right of
    X-Forwarded-For; otherwise the address of the connection. Used by rate limits and lockouts.
    """
    count = settings.PROXY_COUNT
    if count:
        forwarded = [ip.strip() for ip in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [ip for ip in forwarded if ip]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR", "")


class AdminStylesMiddleware:
    """Django's admin (and its add-ons) set a few inline styles; allow them there only.

    The public site keeps the strict policy: no inline script or style at all.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/admin/"):
            response._csp_update = {"style-src": [UNSAFE_INLINE]}
        return response
