"""The round-tables' texts in English, French and Spanish, and the history of every language."""

from core.translation import translate

from .models import RoundTable

translate(
    RoundTable,
    *("title", "city", "approximate_date", "focus", "summary", "report"),
    excluded_fields=["updated_at"],
    m2m_fields=["thematic_areas", "reported_outcomes"],
)
