"""The round-tables in the admin, with their participants.

The participants' own pages, with their personal links, are in ``reflections/admin/``;
``findings/admin.py`` adds the findings drawn from a round-table to its page.
"""

import re

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.db.models import Count, Max
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext
from django_countries.filters import CountryFilter

from actions.admin import OutcomeAdmin as ActionsOutcomeAdmin
from actions.models import Outcome
from core.admin import (
    ContentAdmin,
    CountriesAdminMixin,
    PrefetchedAutocompleteFormSet,
    PrefetchedAutocompleteInlineMixin,
    PublishingAdminMixin,
    TranslatedModelForm,
)

from .cities import city_position
from .models import Participant, RoundTable, report_outcome_at
from .resources import OutcomeResource


class ParticipantFormSet(PrefetchedAutocompleteFormSet):
    """The round-table's participants: an e-mail address once, whatever its case, among the
    rows being added as against those saved."""

    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or self._should_delete_form(form):
                continue
            email = (form.cleaned_data.get("email") or "").strip().lower()
            if email and email in seen:
                form.add_error("email", Participant.duplicate_email_message())
            seen.add(email)


class ParticipantInline(PrefetchedAutocompleteInlineMixin, admin.TabularInline):
    model = Participant
    formset = ParticipantFormSet
    extra = 0
    fields = [
        "name",
        "position",
        "institution",
        "country",
        "role",
        "stands_for_several",
        "email",
        "attribution",
    ]
    autocomplete_fields = ["institution"]
    show_change_link = True

    def get_queryset(self, request):
        # Each row's name (for its change link) may be its institution's.
        return super().get_queryset(request).select_related("institution")

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if Participant.emails_visible_to(request.user):
            return fields
        return [name for name in fields if name != "email"]


class RoundTableForm(TranslatedModelForm):
    """A new round-table's slug is its city and year, and its place on the map is its city's,
    from the list shipped with the project, unless staff give them."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _(
            "Its address. Leave it empty for the city and the year, e.g. bangkok-2018."
        )
        for name in ("latitude", "longitude"):
            self.fields[name].help_text = _(
                "Leave both empty to take the city's position from the list of capitals and "
                "major cities."
            )
        self.position_found = None

    def clean(self):
        data = super().clean()
        city = data.get("city_en") or data.get("city") or ""
        if not data.get("slug") and city:
            data["slug"] = self._free_slug(city, self._year(data))
        if data.get("latitude") is None and data.get("longitude") is None:
            self.position_found = city_position(city, data.get("host_country") or "")
            if self.position_found:
                data["latitude"], data["longitude"] = self.position_found
        elif (data.get("latitude") is None) != (data.get("longitude") is None):
            self.add_error(
                "longitude" if data.get("longitude") is None else "latitude",
                _("Give both the latitude and the longitude, or neither."),
            )
        return data

    @staticmethod
    def _year(data) -> str:
        if data.get("start_date"):
            return str(data["start_date"].year)
        found = re.search(r"\b(?:19|20)\d\d\b", data.get("approximate_date_en") or "")
        return found.group() if found else ""

    def _free_slug(self, city: str, year: str) -> str:
        base = slugify(f"{city} {year}") or "round-table"
        taken = set(
            RoundTable.objects.exclude(pk=self.instance.pk)
            .filter(slug__startswith=base)
            .values_list("slug", flat=True)
        )
        slug, number = base, 2
        while slug in taken:
            slug, number = f"{base}-{number}", number + 1
        return slug


@admin.register(RoundTable)
class RoundTableAdmin(PublishingAdminMixin, CountriesAdminMixin, ContentAdmin):
    list_display = [
        "title",
        "position",
        "city",
        "host_country",
        "when",
        "status",
        "participant_count",
        "is_published",
    ]
    list_filter = ["is_published", "status", "region", ("countries", CountryFilter)]
    list_select_related = ["region"]
    search_fields = ["title", "city", "focus", "summary", "report"]
    date_hierarchy = "start_date"
    form = RoundTableForm
    autocomplete_fields = ["region", "host_institution", "thematic_areas", "reported_outcomes"]
    inlines = [ParticipantInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "position", "region", "status", "is_published"]}),
        (
            _("When"),
            {
                "fields": ["start_date", "end_date", "date_precision", "approximate_date"],
                "description": _(
                    "A held round-table needs its start date. While it is planned, an "
                    "approximate date such as “late May 2018” is enough."
                ),
            },
        ),
        (
            _("Where"),
            {"fields": ["city", "host_country", "host_institution", "latitude", "longitude"]},
        ),
        (_("Who and what"), {"fields": ["countries", "thematic_areas", "focus"]}),
        (_("Texts"), {"fields": ["summary", "report"]}),
        (_("Results"), {"fields": ["reported_outcomes"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(participant_total=Count("participants"))

    def get_changeform_initial_data(self, request):
        """A new round-table comes next in the tour."""
        last = RoundTable.objects.aggregate(last=Max("position"))["last"] or 0
        return {"position": last + 1, **super().get_changeform_initial_data(request)}

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if form.position_found:
            self.message_user(
                request,
                _(
                    "The map position of %(city)s was taken from the list of cities "
                    "(%(latitude)s, %(longitude)s): correct it if the round-table met elsewhere."
                )
                % {"city": obj.city, "latitude": obj.latitude, "longitude": obj.longitude},
                messages.INFO,
            )
        elif obj.latitude is None and obj.city:
            self.message_user(
                request,
                _(
                    "%(city)s is not in the list of capitals and major cities: give its "
                    "latitude and longitude to show the round-table on the maps."
                )
                % {"city": obj.city},
                messages.WARNING,
            )

    @admin.display(description=_("when"), ordering="start_date")
    def when(self, obj):
        return obj.when

    @admin.display(description=_("participants"), ordering="participant_total")
    def participant_count(self, obj):
        return obj.participant_total


class OutcomeForm(TranslatedModelForm):
    reported_at = forms.ModelMultipleChoiceField(
        queryset=RoundTable.objects.all(),
        required=False,
        label=_("reported at"),
        help_text=_("The round-tables where participants reported this result."),
        widget=FilteredSelectMultiple(_("round-tables"), is_stacked=False),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["reported_at"].initial = self.instance.reported_at.all()


admin.site.unregister(Outcome)


@admin.register(Outcome)
class OutcomeAdmin(ActionsOutcomeAdmin):
    """The outcomes' admin from ``actions/admin.py``, which learns here, a layer above the
    Actions, where each outcome was reported: on its own form and in its spreadsheet."""

    form = OutcomeForm
    resource_classes = [OutcomeResource]
    fields = [
        *ActionsOutcomeAdmin.fields[: ActionsOutcomeAdmin.fields.index("actions") + 1],
        "reported_at",
        *ActionsOutcomeAdmin.fields[ActionsOutcomeAdmin.fields.index("actions") + 1 :],
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("reported_at")

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        report_outcome_at(
            form.instance,
            form.cleaned_data["reported_at"],
            reason=pgettext("history", "Changed from the outcome's page"),
        )
