"""The API's filters, named and read as the public pages' are. The Actions use the very filter
of the Actions page (``actions.filters.ActionFilter``); the other lists filter on the same
keys: a region, thematic area, round-table or Action by its slug, a country by its ISO code.

A value that matches nothing the public may see (an unknown slug, or a draft's) is refused
with a 400 that names the parameter; a parameter the list does not know is ignored.
"""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from drf_spectacular.utils import extend_schema_field

from actions import filters as site
from actions.models import Action, Outcome, Region, ThematicArea
from findings.models import Finding
from reflections.models import Reflection
from roundtables.models import RoundTable

__all__ = ["ActionFilter", "FindingFilter", "OutcomeFilter", "ReflectionFilter", "RoundTableFilter"]


class CountryCodeField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        if value in self.empty_values:
            return value
        code = countries.alpha2(value) if len(value) == 2 else ""
        if not code:
            raise forms.ValidationError(
                _("“%(code)s” is not a country code: use ISO 3166 alpha-2 codes, such as TH."),
                params={"code": value},
                code="invalid_choice",
            )
        return code


@extend_schema_field({"type": "string", "pattern": "^[A-Za-z]{2}$", "example": "TH"})
class CountryFilter(django_filters.CharFilter):
    """A country by its ISO 3166 alpha-2 code, in either case."""

    field_class = CountryCodeField

    def __init__(self, **kwargs):
        kwargs.setdefault("method", "filter_country")
        kwargs.setdefault("label", _("Country (ISO 3166 alpha-2 code)"))
        super().__init__(**kwargs)


@extend_schema_field({"type": "string", "pattern": "^[-a-zA-Z0-9_]+$"})
class SlugFilter(django_filters.ModelChoiceFilter):
    """One of ``queryset``, by its slug."""

    def __init__(self, **kwargs):
        super().__init__(to_field_name="slug", **kwargs)


def region_filter(**kwargs):
    return SlugFilter(queryset=Region.objects.all(), **{"label": _("Region (slug)"), **kwargs})


def thematic_area_filter(**kwargs):
    return SlugFilter(
        queryset=ThematicArea.objects.all(), **{"label": _("Thematic area (slug)"), **kwargs}
    )


def roundtable_filter(**kwargs):
    return SlugFilter(
        queryset=RoundTable.objects.published(), **{"label": _("Round-table (slug)"), **kwargs}
    )


def action_filter(**kwargs):
    return SlugFilter(
        queryset=Action.objects.published(), **{"label": _("Action (slug)"), **kwargs}
    )


class ActionFilter(site.ActionFilter):
    """The Actions page's filter, its values typed for the schema."""

    def filter_country(self, queryset, name, value: str):
        return super().filter_country(queryset, name, value)

    def filter_year(self, queryset, name, value: int):
        return super().filter_year(queryset, name, value)


class ForCountry:
    def filter_country(self, queryset, name, value):
        return queryset.for_country(value)


class RoundTableFilter(ForCountry, django_filters.FilterSet):
    region = region_filter()
    country = CountryFilter(
        label=_("Country (ISO 3166 alpha-2 code): that took part, or is invited while planned")
    )
    thematic_area = thematic_area_filter(field_name="thematic_areas")
    status = django_filters.ChoiceFilter(choices=RoundTable.Status.choices, label=_("Status"))
    year = django_filters.NumberFilter(
        field_name="start_date", lookup_expr="year", label=_("Year it started")
    )

    class Meta:
        model = RoundTable
        fields = ["region", "country", "thematic_area", "status", "year"]


class OutcomeFilter(ForCountry, django_filters.FilterSet):
    country = CountryFilter()
    region = region_filter(method="filter_region", label=_("Region (slug): its countries"))
    action = action_filter(field_name="actions")
    roundtable = roundtable_filter(
        field_name="reported_at", label=_("Round-table (slug) it was reported at")
    )
    kind = django_filters.ChoiceFilter(choices=Outcome.Kind.choices, label=_("Kind"))
    status = django_filters.ChoiceFilter(choices=Outcome.Status.choices, label=_("Status"))

    class Meta:
        model = Outcome
        fields = ["country", "region", "action", "roundtable", "kind", "status"]

    def filter_region(self, queryset, name, value):
        return queryset.in_region(value)


class FindingFilter(ForCountry, django_filters.FilterSet):
    roundtable = roundtable_filter()
    region = region_filter(field_name="roundtable__region")
    country = CountryFilter()
    thematic_area = thematic_area_filter(field_name="thematic_areas")
    kind = django_filters.ChoiceFilter(choices=Finding.Kind.choices, label=_("Kind"))

    class Meta:
        model = Finding
        fields = ["roundtable", "region", "country", "thematic_area", "kind"]


class ReflectionFilter(ForCountry, django_filters.FilterSet):
    roundtable = roundtable_filter(field_name="participant__roundtable")
    country = CountryFilter(
        label=_("Country (ISO 3166 alpha-2 code) of the author, among those who let it be shown")
    )
    action = action_filter(field_name="related_actions", label=_("Action (slug) it mentions"))
    language = django_filters.ChoiceFilter(
        choices=Reflection.Language.choices, label=_("Language it is written in")
    )

    class Meta:
        model = Reflection
        fields = ["roundtable", "country", "action", "language"]
