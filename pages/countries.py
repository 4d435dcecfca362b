"""Country flags, looked up once rather than on every use (their names: ``core.countries``)."""

from functools import cache

from django.conf import settings
from django.templatetags.static import static

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
