"""Spreadsheet import and export of the programme's work (django-import-export).

Each row is matched on its natural key, so importing the same file twice
changes nothing: Actions and institutions by slug, activities by Action and
number, outcomes by country and reference. Texts have a column per language
(``title_en``, ``title_fr``, ``title_es``); English is required where the field is.
"""

from core.resources import StrictResource, in_each_language

from .models import Action, Activity, Institution, Outcome


class InstitutionResource(StrictResource):
    class Meta(StrictResource.Meta):
        model = Institution
        import_id_fields = ["slug"]
        fields = [
            "slug",
            "name",
            *in_each_language("translated_name"),
            "acronym",
            "country",
            "kind",
            "website",
        ]


class ActionResource(StrictResource):
    class Meta(StrictResource.Meta):
        model = Action
        import_id_fields = ["slug"]
        fields = [
            "slug",
            *in_each_language("title"),
            "region",
            "countries",
            "status",
            "start_date",
            "end_date",
            *in_each_language("dates_note"),
            "thematic_area",
            "specific_areas",
            "requesting_institutions",
            "beneficiary_institutions",
            "expert_countries",
            *in_each_language("expert_sectors", "summary", "objectives", "description", "results"),
            "is_published",
        ]


class ActivityResource(StrictResource):
    class Meta(StrictResource.Meta):
        model = Activity
        import_id_fields = ["action", "number"]
        fields = [
            "action",
            "number",
            "kind",
            *in_each_language("title", "place"),
            "country",
            "start_date",
            "end_date",
            *in_each_language("description"),
        ]


class OutcomeResource(StrictResource):
    class Meta(StrictResource.Meta):
        model = Outcome
        import_id_fields = ["country", "code"]
        fields = [
            "country",
            "code",
            *in_each_language("title"),
            "actions",
            "kind",
            "status",
            *in_each_language("description", "evidence"),
            "is_published",
        ]
