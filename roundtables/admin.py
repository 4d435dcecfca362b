"""The round-tables in the admin, with their participants.

The participants' own pages, with their personal links, are in ``reflections/admin.py``;
``findings/admin.py`` adds the findings drawn from a round-table to its page.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.db.models import Count
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
)

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


class OutcomeForm(forms.ModelForm):
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
