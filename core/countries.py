"""Country names, looked up once per language rather than on every use.

django-countries translates a name on each ``Country(code).name`` (about ten times the cost
of a dictionary lookup); lists, filters and search show hundreds of them.
"""

from functools import cache

from django.utils.translation import get_language
from django_countries import countries


@cache
def _names(language: str) -> dict[str, str]:
    # Iterating django-countries yields the names in the active language, overrides included.
    return {code: str(name) for code, name in countries}


def country_name(code) -> str:
    """The country's name in the current language ("Lao PDR"), from its code or Country."""
    code = getattr(code, "code", code) or ""
    return _names(get_language() or "en").get(code.upper(), code)


def sorted_by_name(items):
    """Countries (codes or Country objects) in the order of their names in the current language."""
    return sorted(items, key=country_name)


def by_name(codes) -> list[tuple[str, str]]:
    """(code, name) of each country, in the order of the names: a field's choices."""
    return sorted(((code, country_name(code)) for code in codes), key=lambda choice: choice[1])
