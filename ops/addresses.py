"""Addresses that no page of the site can mean are refused with a 400 page, before any view
reads them: a NUL would make PostgreSQL raise (a 500), and no view should have to check
every parameter for control characters, bytes that are not UTF-8 or megabytes of text.

Values that are merely wrong (letters for a page number, an unknown filter) are each view's
to explain or ignore. Form fields are checked by the forms (``core.validators``), which give
back what was typed.
"""

from urllib.parse import unquote_to_bytes

from django.core.exceptions import BadRequest

from core.validators import CONTROL_CHARACTERS

# The longest parameter name or value: far above the longest search (pages.search cuts it at
# 200 characters and says so), far below what could cost anything to read.
MAX_PARAMETER_LENGTH = 1000


class MalformedAddressMiddleware:
    """Answers 400 (``handler400``: ``ops.views.bad_request``) to an address with control
    characters in its path or query string, a query string that is not UTF-8 once decoded,
    or a parameter longer than ``MAX_PARAMETER_LENGTH``. Placed below LocaleMiddleware, so
    that the page is in the address's language. Django itself refuses more than
    DATA_UPLOAD_MAX_NUMBER_FIELDS parameters, with the same page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if problem := malformed(request):
            raise BadRequest(problem)
        return self.get_response(request)


def malformed(request) -> str:
    """What is wrong with the address of ``request``, or "" if nothing is."""
    if CONTROL_CHARACTERS.search(request.path_info):
        return "control character in the path"
    if not _is_utf8(request.META.get("QUERY_STRING", "")):
        return "query string not in UTF-8"
    for name, values in request.GET.lists():
        for text in (name, *values):
            if len(text) > MAX_PARAMETER_LENGTH:
                return "query parameter too long"
            if CONTROL_CHARACTERS.search(text):
                return "control character in the query string"
    return ""


def _is_utf8(query_string: str) -> bool:
    # WSGI gives the query string's bytes as ISO-8859-1 text; ASGI decoded them already.
    try:
        raw = query_string.encode("iso-8859-1")
    except UnicodeEncodeError:
        return True
    try:
        unquote_to_bytes(raw).decode()
    except UnicodeDecodeError:
        return False
    return True
