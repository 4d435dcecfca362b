"""The filters of the good-practices page."""

import django_filters
from django.utils.translation import gettext_lazy as _

from actions.models import Region, ThematicArea
from core.countries import by_name
from core.models import country_codes
from core.widgets import compact_selects
from pagecache.shared import shared

from .models import Finding, FindingKind


def country_choices():
    """The countries that at least one public finding concerns, by name."""
    return by_name(shared("findings:countries", _countries))


def _countries():
    return {
        code
        for value in Finding.objects.public().values_list("countries", flat=True)
        for code in country_codes(value)
    }


class FindingFilter(django_filters.FilterSet):
    """Findings by region (of their round-table), thematic area, kind and country.

    The regions and areas are read once, for the choices, and kept (``regions``, ``areas``) for
    the page's headings.
    """

    region = django_filters.ChoiceFilter(
        field_name="roundtable__region__slug", label=_("Region"), empty_label=_("All regions")
    )
    thematic_area = django_filters.ChoiceFilter(
        field_name="thematic_areas__slug",
        label=_("Thematic area"),
        empty_label=_("All thematic areas"),
    )
    kind = django_filters.ChoiceFilter(
        choices=FindingKind.choices, label=_("Kind"), empty_label=_("All kinds")
    )
    country = django_filters.ChoiceFilter(
        choices=country_choices,
        method="filter_country",
        label=_("Country"),
        empty_label=_("All countries"),
    )

    class Meta:
        model = Finding
        fields = ["region", "thematic_area", "kind", "country"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.regions = list(Region.objects.all())
        self.areas = list(ThematicArea.objects.all())
        compact_selects(self.form)
        fields = self.form.fields
        fields["region"].choices = [(region.slug, str(region)) for region in self.regions]
        fields["thematic_area"].choices = [(area.slug, str(area)) for area in self.areas]
        # Read from the data: once per request, not again at rendering.
        fields["country"].choices = country_choices()

    def filter_country(self, queryset, name, value):
        return queryset.for_country(value)
