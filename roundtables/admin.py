from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from core.admin import CountriesAdminMixin, PrefetchedAutocompleteInlineMixin

from .models import Finding, Participant, Reflection, RoundTable


class ParticipantInline(PrefetchedAutocompleteInlineMixin, admin.TabularInline):
    model = Participant
    extra = 0
    fields = ["name", "position", "institution", "country", "role", "email", "attribution"]
    autocomplete_fields = ["institution"]
    show_change_link = True


class FindingInline(admin.StackedInline):
    model = Finding
    extra = 0
    fields = ["kind", "title", "slug", "text", "is_published"]
    prepopulated_fields = {"slug": ["title"]}
    show_change_link = True


@admin.register(RoundTable)
class RoundTableAdmin(CountriesAdminMixin, admin.ModelAdmin):
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
    list_filter = ["is_published", "status", "region"]
    list_select_related = ["region"]
    search_fields = ["title", "city", "focus", "summary", "report"]
    date_hierarchy = "start_date"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["region", "host_institution", "thematic_areas", "reported_outcomes"]
    inlines = [ParticipantInline, FindingInline]
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


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ["__str__", "roundtable", "role", "country", "institution", "email"]
    list_filter = ["roundtable", "role", "country"]
    list_select_related = ["roundtable", "institution"]
    search_fields = ["name", "position", "email", "institution__name", "institution__acronym"]
    autocomplete_fields = ["roundtable", "institution"]


@admin.register(Reflection)
class ReflectionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "roundtable", "status", "language", "submitted_at", "decided_by"]
    list_filter = ["status", "language", "participant__roundtable"]
    list_select_related = [
        "participant",
        "participant__roundtable",
        "participant__institution",
        "decided_by",
    ]
    search_fields = ["meaning", "engagement", "results", "benefits", "participant__name"]
    autocomplete_fields = ["participant", "related_actions"]
    date_hierarchy = "submitted_at"
    readonly_fields = ["submitted_at", "decided_at", "decided_by"]

    @admin.display(description=_("round-table"), ordering="participant__roundtable")
    def roundtable(self, obj):
        return obj.participant.roundtable


@admin.register(Finding)
class FindingAdmin(CountriesAdminMixin, admin.ModelAdmin):
    list_display = ["title", "roundtable", "kind", "is_published"]
    list_filter = ["is_published", "kind", "roundtable", "thematic_areas"]
    list_select_related = ["roundtable"]
    search_fields = ["title", "text"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["roundtable", "thematic_areas", "source_outcomes", "source_reflections"]
