"""Addresses of pages, resolved once per kind of page and language.

``reverse()`` walks the URL patterns on every call (about a hundred times the cost of a
dictionary lookup); a list of round-tables or Actions links each of them several times.
``address("actions:detail", slug=...)`` resolves the page's pattern once per language and
fills it in.
"""

from functools import lru_cache
from urllib.parse import quote

from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

PLACEHOLDER = "address-placeholder"


def address(url_name: str, **kwargs) -> str:
    """``reverse(url_name, kwargs=kwargs)`` in the current language, for a page named by one
    keyword argument (a slug, a country code)."""
    [(name, value)] = kwargs.items()
    pattern = _pattern(url_name, name, get_language(), get_script_prefix(), get_urlconf())
    return pattern.replace(PLACEHOLDER, quote(str(value), safe=""))


@lru_cache(maxsize=256)
def _pattern(url_name, name, language, prefix, urlconf):
    return reverse(url_name, kwargs={name: PLACEHOLDER})
