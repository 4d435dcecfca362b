from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django_countries.filters import CountryFilter
from modeltranslation.admin import TranslationTabularInline

from core.admin import (
    ContentAdmin,
    CountriesAdminMixin,
    ImportExportAdmin,
    PrefetchedAutocompleteInlineMixin,
    PublishingAdminMixin,
)

from .models import Action, Activity, Institution, Outcome, Region, SpecificArea, ThematicArea
from .resources import ActionResource, ActivityResource, InstitutionResource, OutcomeResource


@admin.register(Region)
class RegionAdmin(CountriesAdminMixin, ContentAdmin):
    list_display = ["name", "position", "country_count", "action_count"]
    list_editable = ["position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(action_total=Count("actions"))

    @admin.display(description=_("countries"))
    def country_count(self, obj):
        return len(obj.countries)

    @admin.display(description=_("Actions"), ordering="action_total")
    def action_count(self, obj):
        return obj.action_total


@admin.register(ThematicArea)
class ThematicAreaAdmin(ContentAdmin):
    list_display = ["name", "position", "action_count"]
    list_editable = ["position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(action_total=Count("actions"))

    @admin.display(description=_("Actions"), ordering="action_total")
    def action_count(self, obj):
        return obj.action_total


@admin.register(SpecificArea)
class SpecificAreaAdmin(ContentAdmin):
    list_display = ["__str__", "code", "name"]
    list_filter = ["code"]
    search_fields = ["code", "name"]
    prepopulated_fields = {"slug": ["code", "name"]}


@admin.register(Institution)
class InstitutionAdmin(ImportExportAdmin, ContentAdmin):
    resource_classes = [InstitutionResource]
    list_display = ["name", "acronym", "country", "kind"]
    list_filter = ["kind", ("country", CountryFilter)]
    search_fields = ["name", "acronym"]
    prepopulated_fields = {"slug": ["acronym", "name"]}


class ActivityInline(TranslationTabularInline):
    model = Activity
    extra = 0
    fields = ["number", "kind", "title", "place", "country", "start_date", "end_date"]
    show_change_link = True


class OutcomeInline(PrefetchedAutocompleteInlineMixin, admin.TabularInline):
    model = Outcome.actions.through
    extra = 0
    autocomplete_fields = ["outcome"]
    verbose_name = _("outcome")
    verbose_name_plural = _("outcomes of this Action")


@admin.register(Action)
class ActionAdmin(PublishingAdminMixin, CountriesAdminMixin, ImportExportAdmin, ContentAdmin):
    resource_classes = [ActionResource]
    list_display = [
        "title",
        "region",
        "countries",
        "thematic_area",
        "status",
        "start_date",
        "end_date",
        "is_published",
    ]
    list_filter = [
        "is_published",
        "status",
        "region",
        ("countries", CountryFilter),
        "thematic_area",
        "specific_areas",
    ]
    list_select_related = ["region", "thematic_area"]
    search_fields = ["title", "summary", "description", "objectives", "results"]
    date_hierarchy = "start_date"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = [
        "region",
        "thematic_area",
        "specific_areas",
        "requesting_institutions",
        "beneficiary_institutions",
    ]
    inlines = [ActivityInline, OutcomeInline]

    def get_export_queryset(self, request):
        return super().get_export_queryset(request).with_related()  # its links, one query each

    class Media:
        css = {"all": ["admin/css/mieux.css"]}

    fieldsets = [
        (None, {"fields": ["title", "slug", "region", "countries", "status", "is_published"]}),
        (
            _("Institutions"),
            {"fields": ["requesting_institutions", "beneficiary_institutions"]},
        ),
        (_("Areas"), {"fields": ["thematic_area", "specific_areas"]}),
        (_("Duration"), {"fields": ["start_date", "end_date", "dates_note"]}),
        (_("Experts"), {"fields": ["expert_countries", "expert_sectors"]}),
        (_("Texts"), {"fields": ["summary", "objectives", "description", "results"]}),
    ]


@admin.register(Activity)
class ActivityAdmin(ImportExportAdmin, ContentAdmin):
    resource_classes = [ActivityResource]
    list_display = ["title", "action", "number", "kind", "place", "country", "start_date"]
    list_filter = ["kind", ("country", CountryFilter)]
    list_select_related = ["action"]
    search_fields = ["title", "place", "description", "action__title"]
    autocomplete_fields = ["action"]
    date_hierarchy = "start_date"


@admin.register(Outcome)
class OutcomeAdmin(PublishingAdminMixin, ImportExportAdmin, ContentAdmin):
    resource_classes = [OutcomeResource]
    list_display = ["title", "country", "kind", "status", "action_list", "is_published"]
    list_filter = ["is_published", "status", "kind", ("country", CountryFilter)]
    search_fields = ["title", "code", "description", "evidence"]
    autocomplete_fields = ["actions"]
    prepopulated_fields = {"code": ["title"]}
    fields = [
        "title",
        "code",
        "country",
        "kind",
        "status",
        "actions",
        "description",
        "evidence",
        "is_published",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("actions")

    @admin.display(description=_("Actions"))
    def action_list(self, obj):
        return ", ".join(action.title for action in obj.actions.all()) or "—"
