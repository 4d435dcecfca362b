"""What the API says about the tour: the round-tables with their results by country, the
countries, the findings, and the participants' reflections as the public pages show them."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from findings.models import Finding
from reflections.models import Reflection
from roundtables.models import Attribution, ParticipantRole

from .fields import (
    CountryField,
    CountrySerializer,
    TranslatedField,
    TranslatedTextSerializer,
    countries,
    filtered_list,
    in_each_language,
    web_url,
)
from .serializers import (
    ActionRefSerializer,
    InstitutionSerializer,
    OutcomeSerializer,
    RegionRefSerializer,
    RoundTableRefSerializer,
    ThematicAreaRefSerializer,
    list_link,
    url_field,
    web_url_field,
)


class RoundTableSerializer(RoundTableRefSerializer):
    region = RegionRefSerializer()
    city = TranslatedField()
    host_country = CountryField()
    host_institution = InstitutionSerializer(
        allow_null=True, help_text=_("The institution that co-hosted it, if any.")
    )
    start_date = serializers.DateField(
        allow_null=True, help_text=_("With a date precision of month, only the month counts.")
    )
    approximate_date = TranslatedField(
        help_text=_('While the dates are not fixed, e.g. "late May 2018"; shown instead of them.')
    )
    countries = countries(
        help_text=_("Once held, the countries that took part; while planned, those invited.")
    )
    thematic_areas = ThematicAreaRefSerializer(many=True)
    focus = TranslatedField(help_text=_("The thematic focus, in a few words."))
    summary = TranslatedField()

    class Meta(RoundTableRefSerializer.Meta):
        fields = [
            *RoundTableRefSerializer.Meta.fields,
            *("position", "region", "city", "host_country", "host_institution"),
            *("start_date", "end_date", "date_precision", "approximate_date"),
            *("countries", "thematic_areas", "focus", "summary"),
        ]
        extra_kwargs = {"position": {"help_text": _("Its place in the tour: 1 for the first.")}}


class CountryResultsSerializer(serializers.Serializer):
    country = CountrySerializer()
    results = OutcomeSerializer(many=True)


class FindingRefSerializer(serializers.ModelSerializer):
    url = url_field("finding-detail", slug="slug")
    web_url = web_url_field()
    title = TranslatedField()

    class Meta:
        model = Finding
        fields = ["slug", "kind", "title", "url", "web_url"]


class RoleCountSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=ParticipantRole.choices)
    number = serializers.IntegerField(
        allow_null=True,
        help_text=_(
            "How many took part in this role; null for “several”, where an entry stands for a "
            "team whose members are not listed."
        ),
    )


class RoundTableDetailSerializer(RoundTableSerializer):
    """A round-table with what came out of it. Planned and cancelled round-tables have no
    results, findings, participants or reflections: their lists are empty."""

    report = TranslatedField()
    results_by_country = CountryResultsSerializer(
        many=True,
        help_text=_(
            "The published outcomes reported at it, by country (countries in the order of "
            "their English names)."
        ),
    )
    findings = FindingRefSerializer(
        source="public_findings", many=True, help_text=_("What staff drew from it.")
    )
    participants_by_role = RoleCountSerializer(many=True)
    institutions = InstitutionSerializer(
        source="represented_institutions", many=True, help_text=_("Institutions represented.")
    )
    reflections_url = list_link("reflection", "roundtable", _("The participants' reflections."))

    class Meta(RoundTableSerializer.Meta):
        fields = [
            *RoundTableSerializer.Meta.fields,
            *("latitude", "longitude", "report", "results_by_country", "findings"),
            *("participants_by_role", "institutions", "reflections_url"),
        ]


class CountryFiguresSerializer(serializers.Serializer):
    actions = serializers.IntegerField(help_text=_("Published Actions it is a partner in."))
    outcomes = serializers.IntegerField(help_text=_("Published results reported in it."))
    roundtables_attended = serializers.IntegerField(
        source="attended", help_text=_("Published round-tables held with it taking part.")
    )
    roundtables_invited = serializers.IntegerField(
        source="invited", help_text=_("Published round-tables planned with it invited.")
    )


class CountrySummarySerializer(serializers.Serializer):
    """A country the site documents: it has a published Action or outcome, or a published
    round-table took or will take it in."""

    code = serializers.CharField(help_text=_("ISO 3166-1 alpha-2 code: the country's key."))
    name = TranslatedTextSerializer(source="*")
    url = serializers.URLField()
    web_url = serializers.URLField()
    regions = RegionRefSerializer(many=True)
    figures = CountryFiguresSerializer()

    def to_representation(self, record):
        country = CountrySerializer(record.code, context=self.context).data
        return {
            **country,
            "regions": RegionRefSerializer(record.regions, many=True, context=self.context).data,
            "figures": CountryFiguresSerializer(record.figures).data,
        }


REFLECTIONS_OF_COUNTRY = filtered_list("reflection-list", "country", "code")


class CountryDetailSerializer(CountrySummarySerializer):
    actions = ActionRefSerializer(many=True, help_text=_("Published Actions it is a partner in."))
    results = OutcomeSerializer(many=True, help_text=_("Published results reported in it."))
    roundtables_attended = RoundTableRefSerializer(many=True)
    roundtables_invited = RoundTableRefSerializer(many=True)
    reflections_url = serializers.URLField(
        help_text=_("Reflections whose authors let their country be shown.")
    )

    def to_representation(self, record):
        context = self.context
        return {
            **super().to_representation(record),
            "actions": ActionRefSerializer(record.actions, many=True, context=context).data,
            "results": OutcomeSerializer(record.results, many=True, context=context).data,
            "roundtables_attended": RoundTableRefSerializer(
                record.attended, many=True, context=context
            ).data,
            "roundtables_invited": RoundTableRefSerializer(
                record.invited, many=True, context=context
            ).data,
            "reflections_url": REFLECTIONS_OF_COUNTRY(context["request"], record),
        }


class FindingSerializer(FindingRefSerializer):
    roundtable = RoundTableRefSerializer()
    region = RegionRefSerializer(source="roundtable.region")
    text = TranslatedField()
    countries = countries()
    thematic_areas = ThematicAreaRefSerializer(many=True)

    class Meta(FindingRefSerializer.Meta):
        fields = [
            *FindingRefSerializer.Meta.fields,
            *("roundtable", "region", "text", "countries", "thematic_areas"),
        ]


class AuthorSerializer(serializers.Serializer):
    """Who wrote a reflection, as they chose to be shown: by name, position and country; by
    role and country only; or anonymously. What they did not choose to show is null."""

    attribution = serializers.ChoiceField(choices=Attribution.choices)
    name = serializers.CharField(allow_null=True)
    position = serializers.CharField(allow_null=True)
    institution = serializers.CharField(allow_null=True)
    role = serializers.ChoiceField(choices=ParticipantRole.choices, allow_null=True)
    country = CountrySerializer(allow_null=True)
    display = TranslatedTextSerializer(
        help_text=_("The attribution as the public pages write it, in each language.")
    )

    def to_representation(self, reflection):
        participant = reflection.participant
        shown = {
            "name": None,
            "position": None,
            "institution": None,
            "role": None,
            "country": None,
        }
        if reflection.attribution == Attribution.NAMED and participant.name:
            shown |= {
                "name": participant.name,
                "position": participant.position or None,
                "institution": str(participant.institution) if participant.institution else None,
            }
        elif reflection.attribution != Attribution.ANONYMOUS:
            shown["role"] = participant.role
        if reflection.attribution != Attribution.ANONYMOUS and participant.country:
            shown["country"] = CountrySerializer(participant.country, context=self.context).data
        return {
            "attribution": reflection.attribution,
            **shown,
            "display": in_each_language(lambda: reflection.public_attribution),
        }


class AnswersSerializer(serializers.Serializer):
    """The answers to the guiding questions as published: a moderator's redaction where there
    is one, never the text it replaced. Null where the author did not answer."""

    meaning = serializers.CharField(
        allow_null=True, help_text=Reflection._meta.get_field("meaning").verbose_name
    )
    engagement = serializers.CharField(
        allow_null=True, help_text=Reflection._meta.get_field("engagement").verbose_name
    )
    results = serializers.CharField(
        allow_null=True, help_text=Reflection._meta.get_field("results").verbose_name
    )
    benefits = serializers.CharField(
        allow_null=True, help_text=Reflection._meta.get_field("benefits").verbose_name
    )

    def to_representation(self, reflection):
        return {name: published_answer(reflection, name) for name in Reflection.QUESTIONS}


def published_answer(reflection, question: str) -> str | None:
    """What the public reads for ``question`` (as ``Reflection.public_answers`` gives it)."""
    text = getattr(reflection, f"public_{question}").strip() or getattr(reflection, question)
    return text.strip() or None


@extend_schema_field({"type": "string", "format": "uri"})
class ReflectionWebUrl(serializers.Field):
    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, reflection):
        slug = reflection.participant.roundtable.slug
        address = web_url(self.context["request"], "roundtables:detail", slug=slug)
        return f"{address}#reflection-{reflection.pk}"


class ReflectionSerializer(serializers.ModelSerializer):
    """An approved reflection of a held, published round-table."""

    id = serializers.IntegerField(help_text=_("The reflection's key."))
    url = url_field("reflection-detail", id="pk")
    web_url = ReflectionWebUrl(help_text=_("Where it appears on the round-table's page."))
    roundtable = RoundTableRefSerializer(source="participant.roundtable")
    language = serializers.ChoiceField(
        choices=Reflection.Language.choices, help_text=_("The language it is written in.")
    )
    author = AuthorSerializer(source="*")
    answers = AnswersSerializer(source="*")
    actions = ActionRefSerializer(
        source="public_actions", many=True, help_text=_("The Actions it mentions.")
    )

    class Meta:
        model = Reflection
        fields = ["id", "url", "web_url", "roundtable", "language", "author", "answers", "actions"]
