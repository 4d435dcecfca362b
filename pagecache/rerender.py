"""Re-making a page in the background, through the whole middleware stack.

The page is asked for as an anonymous visitor would ask for it (its scheme, host, path,
query string and language), with a mark in the WSGI environ that tells the page cache to
render and store it rather than serve its stale copy. What the stack stores is what a visitor
would have made: the same headers, the same key. A page that no longer exists (an Action
unpublished meanwhile) is not stored, and its stale copy is dropped.
"""

import logging

from django.core.handlers.wsgi import WSGIHandler, WSGIRequest
from django.urls import set_script_prefix
from django.utils import translation

from . import store
from .addresses import Address

logger = logging.getLogger(__name__)


def render(member: str) -> bool:
    """Render the page at ``member`` and let the page cache store it; whether it did."""
    address = Address.from_member(member)
    store.current().release(store.claim_key(address))  # a change from now on queues it again
    request = WSGIRequest(address.environ())
    set_script_prefix("/")
    try:
        with translation.override(translation.get_language()):
            response = _handler().get_response(request)
    except Exception:
        logger.exception("Could not re-make the page at %s.", address.path)
        return False
    return response.status_code == 200


_handlers = {}


def _handler() -> WSGIHandler:
    """The WSGI handler of this process, middleware loaded once."""
    from django.conf import settings

    middleware = tuple(settings.MIDDLEWARE)
    if middleware not in _handlers:
        _handlers.clear()
        _handlers[middleware] = WSGIHandler()
    return _handlers[middleware]
