"""Spreadsheet import and export of the programme's work (django-import-export).

Each row is matched on its natural key, so importing the same file twice
changes nothing: Actions and institutions by slug, activities by Action and
number, outcomes by country and reference.
"""

import datetime

from import_export import fields, resources

from core.resources import CountriesWidget, CountryWidget, NaturalKeysWidget, NaturalKeyWidget

from .models import Action, Activity, Institution, Outcome, Region, SpecificArea, ThematicArea


class StrictResource(resources.ModelResource):
    """Validates every row as a form would, and reports unchanged rows as skipped."""

    class Meta:
        abstract = True
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True

    def before_import_row(self, row, **kwargs):
        for name, value in row.items():
            if value is None:
                # A spreadsheet's empty cell: for a text column, an empty text.
                row[name] = ""
            elif isinstance(value, datetime.datetime) and value.time() == datetime.time():
                # A spreadsheet's date is a datetime at midnight; our columns are dates.
                row[name] = value.date()


class InstitutionResource(StrictResource):
    country = fields.Field(attribute="country", column_name="country", widget=CountryWidget())

    class Meta(StrictResource.Meta):
        model = Institution
        import_id_fields = ["slug"]
        fields = ["slug", "name", "acronym", "country", "kind", "website"]


class ActionResource(StrictResource):
    region = fields.Field(
        attribute="region", column_name="region", widget=NaturalKeyWidget(Region, "slug")
    )
    thematic_area = fields.Field(
        attribute="thematic_area",
        column_name="thematic_area",
        widget=NaturalKeyWidget(ThematicArea, "slug"),
    )
    specific_areas = fields.Field(
        attribute="specific_areas",
        column_name="specific_areas",
        widget=NaturalKeysWidget(SpecificArea, field="slug"),
    )
    requesting_institutions = fields.Field(
        attribute="requesting_institutions",
        column_name="requesting_institutions",
        widget=NaturalKeysWidget(Institution, field="slug"),
    )
    beneficiary_institutions = fields.Field(
        attribute="beneficiary_institutions",
        column_name="beneficiary_institutions",
        widget=NaturalKeysWidget(Institution, field="slug"),
    )
    countries = fields.Field(
        attribute="countries", column_name="countries", widget=CountriesWidget()
    )
    expert_countries = fields.Field(
        attribute="expert_countries", column_name="expert_countries", widget=CountriesWidget()
    )

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
    action = fields.Field(
        attribute="action", column_name="action", widget=NaturalKeyWidget(Action, "slug")
    )
    country = fields.Field(attribute="country", column_name="country", widget=CountryWidget())

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
    country = fields.Field(attribute="country", column_name="country", widget=CountryWidget())
    actions = fields.Field(
        attribute="actions", column_name="actions", widget=NaturalKeysWidget(Action, field="slug")
    )

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
