"""How a query is read: its words, and the countries it names in any of the three languages."""

import re
import unicodedata
from functools import cache

from django.conf import settings
from django.utils import translation
from django_countries import countries

LANGUAGES = [code for code, _name in settings.LANGUAGES]


def folded(text: str) -> str:
    """``text`` in lower case and without accents, for comparing words."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def terms_of(query: str) -> list[str]:
    """The words of a query, without operators and quotes."""
    return [word for word in re.findall(r"\w+", query.lower()) if word not in {"or"}]


@cache
def _country_names() -> tuple[re.Pattern, dict[str, str]]:
    """Every country's name in English, French and Spanish, folded: one pattern that finds
    them, trying the longest first ("Dominican Republic" before "Dominica"), and their ISO
    codes."""
    codes = {}
    for language in LANGUAGES:
        with translation.override(language):
            codes.update((folded(str(name)), code) for code, name in countries)
    names = sorted(codes, key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, names)) + r")(?!\w)")
    return pattern, codes


def countries_named(query: str) -> tuple[list[str], str]:
    """The countries that ``query`` names, in any language, and the query without them."""
    pattern, codes = _country_names()
    text = folded(query)
    named = list(dict.fromkeys(codes[name] for name in pattern.findall(text)))
    return named, " ".join(pattern.sub(" ", text).split())
