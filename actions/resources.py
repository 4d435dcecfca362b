"""Spreadsheet import and export of the programme's work (django-import-export).

Each row is matched on its natural key, so importing the same file twice
changes nothing: Actions and institutions by slug, activities by Action and
number, outcomes by country and reference.
"""

from core.resources import StrictResource

from .models import Action, Activity, Institution, Outcome


class InstitutionResource(StrictResource):
    class Meta(StrictResource.Meta):
        model = Institution
        import_id_fields = ["slug"]
        fields = ["slug", "name", "acronym", "country", "kind", "website"]


class ActionResource(StrictResource):
    class Meta(StrictResource.Meta):
        model = Action
        import_id_fields = ["slug"]
        fields = [
            "slug",
            "title",
            "region",
            "countries",
            "status",
            "start_date",
            "end_date",
            "dates_note",
            "thematic_area",
            "specific_areas",
            "requesting_institutions",
            "beneficiary_institutions",
            "expert_countries",
            "expert_sectors",
            "summary",
            "objectives",
            "description",
            "results",
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
            "title",
            "place",
            "country",
            "start_date",
            "end_date",
            "description",
        ]


class OutcomeResource(StrictResource):
    class Meta(StrictResource.Meta):
        model = Outcome
        import_id_fields = ["country", "code"]
        fields = [
            "country",
            "code",
            "title",
            "actions",
            "kind",
            "status",
            "description",
            "evidence",
            "is_published",
        ]
