"""The round-tables in the admin, with their participants.

The participants' own pages, with their personal links, are in ``reflections/admin.py``;
``findings/admin.py`` adds the findings drawn from a round-table to its page.
"""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django_countries.filters import CountryFilter

from core.admin import (
    ContentAdmin,
    CountriesAdminMixin,
    PrefetchedAutocompleteFormSet,
    PrefetchedAutocompleteInlineMixin,
    PublishingAdminMixin,
)

from .models import Participant, RoundTable


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
    fields = ["name", "position", "institution", "country", "role", "email", "attribution"]
    autocomplete_fields = ["institution"]
    show_change_link = True

    def get_queryset(self, request):
        # Each row's name (for its change link) may be its institution's.
        return super().get_queryset(request).select_related("institution")


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
    prepopulated_fields = {"slug": ["title"]}
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

    @admin.display(description=_("when"), ordering="start_date")
    def when(self, obj):
        return obj.when

    @admin.display(description=_("participants"), ordering="participant_total")
    def participant_count(self, obj):
        return obj.participant_total
