"""What each resource of the API says: the taxonomy, the Actions and their outcomes.

The round-tables, countries, findings and reflections, which gather these, are in
``serializers_tour.py``. Each serializer reads only what the querysets of ``records.py`` have
fetched, so that a response runs the same queries whatever its length.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from actions.models import (
    Action,
    Activity,
    Institution,
    Outcome,
    Region,
    SpecificArea,
    ThematicArea,
)
from roundtables.models import RoundTable

from .fields import (
    CountryField,
    LinkField,
    TranslatedField,
    api_link,
    countries,
    filtered_list,
    web_link,
)


def url_field(name, **lookups):
    return LinkField(api_link(name, **lookups), help_text=_("This resource in the API."))


def web_url_field():
    return LinkField(web_link, help_text=_("Its page on the public site (in English)."))


def list_link(name, parameter, help_text):
    return LinkField(filtered_list(f"{name}-list", parameter), help_text=help_text)


@extend_schema_field({"type": "string", "pattern": r"^\d{4}-\d{2}$", "example": "2015-01"})
class MonthField(serializers.DateField):
    """A date of which only the month counts: "2015-01"."""

    def to_representation(self, value):
        return value.strftime("%Y-%m") if value else None


# --- The taxonomy ---------------------------------------------------------------------------


class RegionRefSerializer(serializers.ModelSerializer):
    url = url_field("region-detail", slug="slug")
    web_url = web_url_field()
    name = TranslatedField()

    class Meta:
        model = Region
        fields = ["slug", "name", "url", "web_url"]


class RegionSerializer(RegionRefSerializer):
    summary = TranslatedField(help_text=_("The opening text of the regional factsheet."))
    facts = TranslatedField(
        help_text=_(
            "The programme's own figures for the region, one per line, as MIEUX reported them "
            "(not what this site documents)."
        )
    )
    facts_source = TranslatedField(help_text=_("Where the programme's figures come from."))
    countries = countries(help_text=_("The countries of the region."))
    actions_url = list_link("action", "region", _("The Actions in this region."))
    roundtables_url = list_link("roundtable", "region", _("The round-tables in this region."))
    countries_url = list_link("country", "region", _("The region's countries the site documents."))

    class Meta(RegionRefSerializer.Meta):
        fields = [
            *RegionRefSerializer.Meta.fields,
            *("summary", "facts", "facts_source", "countries"),
            *("actions_url", "roundtables_url", "countries_url"),
        ]


class ThematicAreaRefSerializer(serializers.ModelSerializer):
    url = url_field("thematic-area-detail", slug="slug")
    name = TranslatedField()

    class Meta:
        model = ThematicArea
        fields = ["slug", "name", "url"]


class ThematicAreaSerializer(ThematicAreaRefSerializer):
    description = TranslatedField()
    actions_url = list_link("action", "thematic_area", _("The Actions in this area."))

    class Meta(ThematicAreaRefSerializer.Meta):
        fields = [*ThematicAreaRefSerializer.Meta.fields, "description", "actions_url"]


class SpecificAreaRefSerializer(serializers.ModelSerializer):
    url = url_field("specific-area-detail", slug="slug")
    name = TranslatedField()

    class Meta:
        model = SpecificArea
        fields = ["slug", "code", "name", "url"]


class SpecificAreaSerializer(SpecificAreaRefSerializer):
    actions_url = list_link("action", "specific_area", _("The Actions in this area."))

    class Meta(SpecificAreaRefSerializer.Meta):
        fields = [*SpecificAreaRefSerializer.Meta.fields, "actions_url"]


class OptionalURLField(serializers.URLField):
    """An address, or null where there is none (never an empty string)."""

    def __init__(self, **kwargs):
        super().__init__(allow_null=True, read_only=True, **kwargs)

    def to_representation(self, value):
        return value or None


class InstitutionSerializer(serializers.ModelSerializer):
    name = serializers.CharField(help_text=_("The official name, as the institution writes it."))
    translated_name = TranslatedField(
        help_text=_("The name in each language, where staff gave one (null otherwise).")
    )
    country = CountryField(help_text=_("Null for regional and international organisations."))
    website = OptionalURLField()

    class Meta:
        model = Institution
        fields = ["name", "acronym", "translated_name", "country", "kind", "website"]


# --- Actions and what they achieved ---------------------------------------------------------


class RoundTableRefSerializer(serializers.ModelSerializer):
    url = url_field("roundtable-detail", slug="slug")
    web_url = web_url_field()
    title = TranslatedField()

    class Meta:
        model = RoundTable
        fields = ["slug", "title", "status", "url", "web_url"]


class ActionRefSerializer(serializers.ModelSerializer):
    url = url_field("action-detail", slug="slug")
    web_url = web_url_field()
    title = TranslatedField()

    class Meta:
        model = Action
        fields = ["slug", "title", "url", "web_url"]


class OutcomeSerializer(serializers.ModelSerializer):
    """A result reported in one country. Its Actions and round-tables: the published ones."""

    code = serializers.SlugField(
        help_text=_("The outcome's reference, unique within its country (with it, its key).")
    )
    url = url_field("outcome-detail", country="country.code", code="code")
    web_url = web_url_field()
    country = CountryField()
    title = TranslatedField()
    description = TranslatedField()
    evidence = TranslatedField(help_text=_("Who reported it, where, and what shows it."))
    actions = ActionRefSerializer(
        source="public_actions", many=True, help_text=_("The Actions behind it, where known.")
    )
    reported_at = RoundTableRefSerializer(
        source="public_reported_at",
        many=True,
        help_text=_("The round-tables at which it was reported."),
    )

    class Meta:
        model = Outcome
        fields = [
            *("code", "country", "url", "web_url", "title", "kind", "status"),
            *("description", "evidence", "actions", "reported_at"),
        ]


class ActivitySerializer(serializers.ModelSerializer):
    web_url = web_url_field()
    title = TranslatedField()
    place = TranslatedField()
    description = TranslatedField()
    country = CountryField()

    class Meta:
        model = Activity
        fields = [
            *("number", "kind", "title", "place", "country", "start_date", "end_date"),
            *("description", "web_url"),
        ]


class ActionSerializer(serializers.ModelSerializer):
    url = url_field("action-detail", slug="slug")
    web_url = web_url_field()
    title = TranslatedField()
    summary = TranslatedField()
    region = RegionRefSerializer()
    countries = countries(help_text=_("The partner countries."))
    thematic_area = ThematicAreaRefSerializer()
    specific_areas = SpecificAreaRefSerializer(many=True)
    start = MonthField(source="start_date", help_text=_("The month it started."))
    end = MonthField(
        source="end_date",
        allow_null=True,
        help_text=_("The month it ended; null while it runs or where the month is unknown."),
    )

    class Meta:
        model = Action
        fields = [
            *("slug", "url", "web_url", "title", "summary", "status", "start", "end"),
            *("region", "countries", "thematic_area", "specific_areas"),
        ]


class ActionDetailSerializer(ActionSerializer):
    """An Action with its activities, institutions, outcomes and round-tables."""

    dates_note = TranslatedField()
    objectives = TranslatedField()
    description = TranslatedField()
    results = TranslatedField(help_text=_("Results and outputs, as the programme wrote them."))
    expert_countries = countries(help_text=_("Where its experts came from."))
    expert_sectors = TranslatedField()
    requesting_institutions = InstitutionSerializer(many=True)
    beneficiary_institutions = InstitutionSerializer(many=True)
    activities = ActivitySerializer(many=True)
    outcomes = OutcomeSerializer(
        source="public_outcomes", many=True, help_text=_("The published outcomes it produced.")
    )
    roundtables = RoundTableRefSerializer(
        source="related_roundtables",
        many=True,
        help_text=_(
            "Round-tables where its outcomes were reported, or in its region with a partner "
            "country taking part."
        ),
    )
    reflections_url = list_link("reflection", "action", _("Reflections that mention it."))

    class Meta(ActionSerializer.Meta):
        fields = [
            *ActionSerializer.Meta.fields,
            *("dates_note", "objectives", "description", "results"),
            *("expert_countries", "expert_sectors"),
            *("requesting_institutions", "beneficiary_institutions", "activities"),
            *("outcomes", "roundtables", "reflections_url"),
        ]
