"""Country names and flags, looked up once per language rather than on every use."""

from functools import cache

from django.templatetags.static import static
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


@cache
def flag_url(code: str) -> str:
    """The flag image shipped with django-countries, through the static files storage."""
    return static(f"flags/{code.lower()}.gif")


def sorted_by_name(items):
    """Countries (codes or Country objects) in the order of their names in the current language."""
    return sorted(items, key=country_name)
