"""Helpers for showing plain text safely."""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def highlight(text: str, terms) -> SafeString:
    """Escape ``text`` and wrap each word that starts with one of ``terms`` in <mark>."""
    escaped = escape(text)
    words = [re.escape(escape(term)) for term in terms if term]
    if not words:
        return mark_safe(escaped)
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(words) + r")\w*", re.IGNORECASE)
    return mark_safe(pattern.sub(lambda match: f"<mark>{match.group(0)}</mark>", escaped))
