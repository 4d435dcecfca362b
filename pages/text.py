"""Helpers for showing plain text safely."""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def highlight(text: str, terms) -> SafeString:
    """Escape ``text`` and wrap each word that starts with one of ``terms`` in <mark>.

    Matches are found in the raw text, then each piece is escaped: a term never matches
    inside the entities that escaping creates.
    """
    words = [re.escape(term) for term in terms if term]
    if not words:
        return mark_safe(escape(text))
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(words) + r")\w*", re.IGNORECASE)
    pieces, position = [], 0
    for match in pattern.finditer(text):
        pieces.append(escape(text[position : match.start()]))
        pieces.append(f"<mark>{escape(match.group(0))}</mark>")
        position = match.end()
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))
