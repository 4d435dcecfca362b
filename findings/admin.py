"""The findings in the admin, and on the page of the round-table they were drawn from; the
publications they fed."""

from django.contrib import admin
from django_countries.filters import CountryFilter
from modeltranslation.admin import TranslationStackedInline

from core.admin import ContentAdmin, CountriesAdminMixin, PublishingAdminMixin
from reflections.models import Reflection
from roundtables.admin import RoundTableAdmin

from .models import Finding, Publication


class FindingInline(TranslationStackedInline):
    model = Finding
    extra = 0
    fields = ["kind", "title", "slug", "text", "is_published"]
    prepopulated_fields = {"slug": ["title"]}
    show_change_link = True


# A round-table's page in the admin lists the findings drawn from it, after its participants.
RoundTableAdmin.inlines = [*RoundTableAdmin.inlines, FindingInline]


@admin.register(Finding)
class FindingAdmin(PublishingAdminMixin, CountriesAdminMixin, ContentAdmin):
    list_display = ["title", "roundtable", "kind", "is_published"]
    list_filter = [
        "is_published",
        "kind",
        "roundtable",
        ("countries", CountryFilter),
        "thematic_areas",
    ]
    list_select_related = ["roundtable"]
    search_fields = ["title", "text"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["roundtable", "thematic_areas", "source_outcomes", "source_reflections"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "source_reflections":
            # Each chosen reflection is shown by its author's name, role or institution.
            kwargs["queryset"] = Reflection.objects.with_related()
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(Publication)
class PublicationAdmin(PublishingAdminMixin, ContentAdmin):
    list_display = ["title", "issued", "languages", "is_published"]
    list_filter = ["is_published"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["roundtables"]
    fields = [
        "title",
        "slug",
        "summary",
        ("issued", "issued_precision"),
        ("launched", "launch"),
        "languages",
        "url",
        "roundtables",
        "is_published",
    ]
