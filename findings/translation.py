"""The findings' texts in English, French and Spanish, and the history of every language."""

from core.translation import translate

from .models import Finding

translate(Finding, "title", "text", excluded_fields=["updated_at"], m2m_fields=["thematic_areas"])
