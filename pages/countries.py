"""Country names and flags, looked up once per language rather than on every use."""

from functools import cache

from django.conf import settings
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


FLAGS = settings.BASE_DIR / "static" / "build" / "flags"


@cache
def _vector_flags() -> frozenset[str]:
    return frozenset(path.stem for path in FLAGS.glob("*.svg"))


@cache
def flag_url(code: str) -> str:
    """The country's flag as a vector image (sharp on any screen), through the static files
    storage; django-countries' small bitmap for a code the flag set lacks."""
    code = code.lower()
    if code in _vector_flags():
        return static(f"build/flags/{code}.svg")
    return static(f"flags/{code}.gif")


def sorted_by_name(items):
    """Countries (codes or Country objects) in the order of their names in the current language."""
    return sorted(items, key=country_name)
