"""The findings' and publications' texts in English, French and Spanish, and the history of
every language. A publication's title is its official title, as published."""

from core.translation import translate

from .models import Finding, Publication

translate(Finding, "title", "text", excluded_fields=["updated_at"], m2m_fields=["thematic_areas"])
translate(
    Publication, "summary", "launch", excluded_fields=["updated_at"], m2m_fields=["roundtables"]
)
