"""The programme's texts in English, French and Spanish, and the history of every language."""

from core.translation import translate

from .models import Action, Activity, Institution, Outcome, Region, SpecificArea, ThematicArea

translate(Region, "name", "summary", "facts", "facts_source", empty_as_null=["name"])
translate(ThematicArea, "name", "description", empty_as_null=["name"])
translate(SpecificArea, "name", empty_as_null=["name"])
# Official names stay as written; the translated name appears beside them, in its language only.
translate(Institution, "translated_name", fallback=False)
translate(
    Action,
    *("title", "summary", "objectives", "description", "results", "dates_note", "expert_sectors"),
    excluded_fields=["updated_at"],
    m2m_fields=["specific_areas", "requesting_institutions", "beneficiary_institutions"],
)
translate(Activity, "title", "place", "description")
translate(
    Outcome,
    *("title", "description", "evidence"),
    excluded_fields=["updated_at"],
    m2m_fields=["actions"],
)
