"""The filters of the public list of Actions."""

import django_filters
from django.db.models import Max, Min
from django.utils.translation import gettext_lazy as _

from core.countries import by_name
from core.widgets import compact_selects
from pagecache.shared import shared

from .models import Action, Region, SpecificArea, ThematicArea


def country_choices():
    """The countries that are partners in at least one published Action, by name."""
    return by_name(shared("actions:countries", _countries))


def _countries():
    return set(Action.objects.published().country_counts())


def year_choices():
    """Every year in which at least one published Action ran."""
    return shared("actions:years", _years)


def _years():
    span = Action.objects.published().aggregate(
        first=Min("start_date"), last_end=Max("end_date"), last_start=Max("start_date")
    )
    if not span["first"]:
        return []
    last = max(day.year for day in (span["last_end"], span["last_start"]) if day)
    return [(year, year) for year in range(last, span["first"].year - 1, -1)]


class ActionFilter(django_filters.FilterSet):
    region = django_filters.ModelChoiceFilter(
        queryset=Region.objects.all(),
        to_field_name="slug",
        label=_("Region"),
        empty_label=_("All regions"),
    )
    country = django_filters.ChoiceFilter(
        choices=country_choices,
        method="filter_country",
        label=_("Country"),
        empty_label=_("All countries"),
    )
    thematic_area = django_filters.ModelChoiceFilter(
        queryset=ThematicArea.objects.all(),
        to_field_name="slug",
        label=_("Thematic area"),
        empty_label=_("All thematic areas"),
    )
    specific_area = django_filters.ModelChoiceFilter(
        field_name="specific_areas",
        queryset=SpecificArea.objects.all(),
        to_field_name="slug",
        label=_("Specific area"),
        empty_label=_("All specific areas"),
    )
    status = django_filters.ChoiceFilter(
        choices=Action.Status.choices, label=_("Status"), empty_label=_("Any status")
    )
    year = django_filters.ChoiceFilter(
        choices=year_choices,
        method="filter_year",
        label=_("Active in"),
        empty_label=_("Any year"),
    )
    sort = django_filters.OrderingFilter(
        fields=(("start_date", "start"), ("title", "title")),
        choices=[
            ("-start", _("Newest first")),
            ("start", _("Oldest first")),
            ("title", _("Title A–Z")),
            ("-title", _("Title Z–A")),
        ],
        label=_("Sort by"),
        # Sorting always has a value, newest first unless chosen otherwise: the menu starts
        # with that choice, not with an empty one.
        empty_label=None,
    )

    class Meta:
        model = Action
        fields = ["region", "country", "thematic_area", "specific_area", "status", "year"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        compact_selects(self.form)
        # Choices read from the data: once per request, not again at rendering. (The field adds
        # its empty choice, "All countries", itself: give it the data's choices only.)
        self.form.fields["country"].choices = country_choices()
        self.form.fields["year"].choices = year_choices()

    def filter_country(self, queryset, name, value):
        return queryset.for_country(value)

    def filter_year(self, queryset, name, value):
        return queryset.active_in(int(value))
