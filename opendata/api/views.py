"""The API's views: read-only lists and records of what the public pages show.

Each view names its queryset (``records``), serializer, filter and key; answers go through
``caching.respond`` (ETag, 304, the shared cache) once the rate limit has counted them.
"""

from functools import cached_property, partial

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from actions.models import Region, SpecificArea, ThematicArea

from ..licence import LICENCE_URL
from . import records
from .caching import respond
from .fields import Documented, absolute
from .filters import ActionFilter, FindingFilter, OutcomeFilter, ReflectionFilter, RoundTableFilter
from .serializers import (
    ActionDetailSerializer,
    ActionSerializer,
    OutcomeSerializer,
    RegionSerializer,
    SpecificAreaSerializer,
    ThematicAreaSerializer,
)
from .serializers_tour import (
    CountryDetailSerializer,
    CountrySummarySerializer,
    FindingSerializer,
    ReflectionSerializer,
    RoundTableDetailSerializer,
    RoundTableSerializer,
)

PAGINATION_PARAMETERS = {"page", "page_size"}


class PublicResource(viewsets.ReadOnlyModelViewSet):
    """A list and its records. ``detail_serializer_class`` and ``detail_queryset()`` say what
    a record shows beyond its entry in the list."""

    lookup_field = "slug"
    detail_serializer_class = None
    filter_backends = []

    def detail_queryset(self):
        return self.queryset

    def get_queryset(self):
        queryset = self.detail_queryset() if self.action == "retrieve" else self.queryset
        return queryset.all()

    def get_serializer_class(self):
        if self.action == "retrieve" and self.detail_serializer_class:
            return self.detail_serializer_class
        return self.serializer_class

    def get_object(self):
        try:
            return super().get_object()
        except Http404:  # "Not found.", as for any other missing resource (no model named)
            raise NotFound from None

    def filter_queryset(self, queryset):
        # Filters choose among a list's rows; a record is found by its key alone.
        if self.action == "retrieve":
            return queryset
        return super().filter_queryset(queryset)

    @cached_property
    def documented(self):
        return Documented()

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "documented": self.documented}

    def filter_parameters(self) -> set[str]:
        filterset = getattr(self, "filterset_class", None)
        return set(filterset.base_filters) if filterset else set()

    def known_parameters(self) -> set[str]:
        return PAGINATION_PARAMETERS | self.filter_parameters()

    def list(self, request, *args, **kwargs):
        build = partial(super().list, request, *args, **kwargs)
        return respond(request, build, params=self.known_parameters())

    def retrieve(self, request, *args, **kwargs):
        return respond(request, partial(super().retrieve, request, *args, **kwargs))


class FilteredResource(PublicResource):
    filter_backends = [DjangoFilterBackend]


@extend_schema_view(
    list=extend_schema(summary=_("The round-tables of the tour, held, planned and cancelled")),
    retrieve=extend_schema(summary=_("A round-table, with its results by country")),
)
class RoundTableViewSet(FilteredResource):
    """The stops of the 2018 tour. ``countries`` are those that took part once a round-table
    is held, those invited while it is planned. A record adds what came out of it: the results
    reported, by country, the findings, who took part; a planned or cancelled round-table has
    none of these (empty lists)."""

    queryset = records.roundtables()
    serializer_class = RoundTableSerializer
    detail_serializer_class = RoundTableDetailSerializer
    filterset_class = RoundTableFilter

    def detail_queryset(self):
        return records.roundtables_in_detail()

    def get_object(self):
        return records.with_results(super().get_object())


ACTION_COUNTRY = OpenApiParameter(
    "country",
    str,
    description=_("A partner country (ISO 3166 alpha-2 code, in capitals) of a published Action."),
    pattern="^[A-Z]{2}$",
)
ACTION_YEAR = OpenApiParameter(
    "year", int, description=_("A year in which the Action ran (a year with published Actions).")
)


@extend_schema_view(
    list=extend_schema(
        summary=_("The Actions, filtered as on the Actions page"),
        parameters=[ACTION_COUNTRY, ACTION_YEAR],
    ),
    retrieve=extend_schema(summary=_("An Action, with its activities and outcomes")),
)
class ActionViewSet(FilteredResource):
    """The published Actions: what a partner institution asked for and what the programme did.
    Filters as on the site's Actions page; a record adds its activities, institutions, the
    published outcomes it produced and the round-tables related to it."""

    queryset = records.actions()
    serializer_class = ActionSerializer
    detail_serializer_class = ActionDetailSerializer
    filterset_class = ActionFilter

    def detail_queryset(self):
        return records.actions_in_detail()

    def get_object(self):
        return records.with_related_roundtables(super().get_object())


@extend_schema_view(
    list=extend_schema(summary=_("The outcomes: results reported in each country")),
    retrieve=extend_schema(
        summary=_("An outcome, by its country and reference"),
        parameters=[
            OpenApiParameter("country", str, OpenApiParameter.PATH, pattern="^[A-Z]{2}$"),
            OpenApiParameter("code", str, OpenApiParameter.PATH, pattern="^[-a-zA-Z0-9_]+$"),
        ],
    ),
)
class OutcomeViewSet(FilteredResource):
    """The published results, each in one country and keyed by the country's ISO code and its
    reference (``/api/outcomes/TH/<code>/``), with the published Actions behind it and the
    round-tables at which it was reported."""

    queryset = records.outcomes()
    serializer_class = OutcomeSerializer
    filterset_class = OutcomeFilter

    def get_object(self):
        kwargs = {"country": self.kwargs["country"].upper(), "code": self.kwargs["code"]}
        outcome = self.get_queryset().filter(**kwargs).first()
        if outcome is None:
            raise Http404
        return outcome


@extend_schema_view(
    list=extend_schema(summary=_("The regions, with their factsheets")),
    retrieve=extend_schema(summary=_("A region")),
)
class RegionViewSet(PublicResource):
    """The programme's regions, with their factsheets and countries."""

    queryset = Region.objects.all()
    serializer_class = RegionSerializer


@extend_schema_view(
    list=extend_schema(summary=_("The programme's thematic areas")),
    retrieve=extend_schema(summary=_("A thematic area")),
)
class ThematicAreaViewSet(PublicResource):
    """The programme's thematic areas."""

    queryset = ThematicArea.objects.all()
    serializer_class = ThematicAreaSerializer


@extend_schema_view(
    list=extend_schema(summary=_("The programme's specific areas")),
    retrieve=extend_schema(summary=_("A specific area")),
)
class SpecificAreaViewSet(PublicResource):
    """The programme's specific areas ("LM - Labour migration")."""

    queryset = SpecificArea.objects.all()
    serializer_class = SpecificAreaSerializer


@extend_schema_view(
    list=extend_schema(summary=_("The findings: good practices, lessons, trends")),
    retrieve=extend_schema(summary=_("A finding")),
)
class FindingViewSet(FilteredResource):
    """What staff drew from the round-tables: good practices, lessons learnt, regional trends
    and recommendations."""

    queryset = records.findings()
    serializer_class = FindingSerializer
    filterset_class = FindingFilter


@extend_schema_view(
    list=extend_schema(summary=_("The participants' approved reflections")),
    retrieve=extend_schema(summary=_("A reflection")),
)
class ReflectionViewSet(FilteredResource):
    """Participants' reflections that a moderator approved, from held round-tables, in the
    language they were written in and attributed as their authors chose: by name, by role and
    country, or anonymously. Filtering by country finds only the authors who let their country
    be shown."""

    queryset = records.reflections()
    serializer_class = ReflectionSerializer
    filterset_class = ReflectionFilter
    lookup_field = "id"


REGION = OpenApiParameter(
    "region", str, description=_("Region (slug): the countries it lists."), pattern="^[-a-z0-9_]+$"
)
COUNTRY_CODE = OpenApiParameter(
    "code", str, OpenApiParameter.PATH, description=_("ISO 3166 alpha-2 code, e.g. TH.")
)


@extend_schema_view(
    list=extend_schema(
        summary=_("The countries the site documents, with their figures"), parameters=[REGION]
    ),
    retrieve=extend_schema(
        summary=_("A country, with its Actions, results and round-tables"),
        parameters=[COUNTRY_CODE],
    ),
)
class CountryViewSet(PublicResource):
    """The countries the site documents: those with a published Action or outcome, or a
    published round-table they took part in or are invited to, keyed by ISO 3166 alpha-2 code.
    Any other country has no record, here as on the site (404)."""

    serializer_class = CountrySummarySerializer
    detail_serializer_class = CountryDetailSerializer
    lookup_field = "code"

    def filter_parameters(self):
        return {"region"}

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema asks what it lists
            return []
        region = self.request.query_params.get("region")
        if region is None:
            return records.documented_countries_by_code(self.documented.figures)
        found = Region.objects.filter(slug=region).first()
        if found is None:
            raise ValidationError({"region": [_("There is no region with this slug.")]})
        return records.documented_countries_by_code(self.documented.figures, found)

    def get_object(self):
        record = records.country(self.kwargs["code"])
        if record is None:
            raise Http404
        return record


class RootSerializer(serializers.Serializer):
    """The API's entry point: where each list is, the schema and the documentation."""

    roundtables = serializers.URLField()
    countries = serializers.URLField()
    regions = serializers.URLField()
    thematic_areas = serializers.URLField()
    specific_areas = serializers.URLField()
    actions = serializers.URLField()
    outcomes = serializers.URLField()
    findings = serializers.URLField()
    reflections = serializers.URLField()
    schema = serializers.URLField(help_text=_("The OpenAPI 3 schema (YAML; ?format=json)."))
    docs = serializers.URLField(help_text=_("The documentation, to read and try."))
    licence = serializers.URLField(help_text=_("The data's licence: CC BY 4.0."))


class RootView(APIView):
    """Where each list is, the schema, the documentation and the licence."""

    serializer_class = RootSerializer

    LINKS = {
        "roundtables": "roundtable-list",
        "countries": "country-list",
        "regions": "region-list",
        "thematic_areas": "thematic-area-list",
        "specific_areas": "specific-area-list",
        "actions": "action-list",
        "outcomes": "outcome-list",
        "findings": "finding-list",
        "reflections": "reflection-list",
        "schema": "schema",
        "docs": "docs",
    }

    @extend_schema(summary=_("The API's entry point"), tags=["api"])
    def get(self, request):
        links = {key: absolute(request, reverse(f"api:{name}")) for key, name in self.LINKS.items()}
        return respond(request, lambda: Response({**links, "licence": LICENCE_URL}))
