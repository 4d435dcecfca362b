from itertools import groupby

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView

from actions.models import Action, Institution
from core.countries import country_name
from findings.models import Finding
from pages.maps import tour_map
from reflections.models import Reflection
from roundtables.models import RoundTable

from .base import PageMixin, PublishedOrPreviewMixin


class RoundTableListView(PageMixin, ListView):
    page_title = _("The tour of round-tables")
    meta_description = _(
        "Every MIEUX regional round-table, held and planned: where, when, who took part and "
        "what they reported."
    )
    template_name = "pages/roundtable_list.html"
    paginate_by = 20

    def get_queryset(self):
        return RoundTable.objects.published().with_result_counts()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["tour_map"] = tour_map(
            _("The round-tables of the tour on a world map"), context["object_list"]
        )
        return context


def group_by_country(outcomes):
    """[(country, [outcomes])], countries in the order of their names."""
    ordered = sorted(outcomes, key=lambda o: (country_name(o.country), o.title))
    return [(country, list(items)) for country, items in groupby(ordered, key=lambda o: o.country)]


class RoundTableDetailView(PageMixin, PublishedOrPreviewMixin, DetailView):
    model = RoundTable
    template_name = "pages/roundtable_detail.html"
    og_type = "article"
    title_section = _("Tour")

    def get_queryset(self):
        return super().get_queryset().with_related()

    def get_page_title(self):
        return f"{self.object.title} ({self.object.city}, {self.object.when})"

    def get_meta_description(self):
        return self.object.summary[:300] or self.object.focus

    def get_context_data(self, **kwargs):
        roundtable = self.object
        where = (
            _("Where the round-table took place")
            if roundtable.is_held
            else _("Where the round-table was planned")
        )
        context = {"tour_map": tour_map(where, [roundtable], crop=True), "og_type": self.og_type}
        if roundtable.is_held:  # what came out of it: nothing before it is held
            context.update(self.outcome_of(roundtable))
        return super().get_context_data(**context, **kwargs)

    def outcome_of(self, roundtable):
        user, preview = self.request.user, self.previewing
        outcomes = roundtable.reported_outcomes.visible_to(user, preview=preview).prefetch_related(
            Prefetch("actions", queryset=Action.objects.published().as_links())
        )
        return {
            "results_by_country": group_by_country(outcomes),
            "findings": Finding.objects.visible_to(user, preview=preview).filter(
                roundtable=roundtable
            ),
            "reflections": Reflection.objects.public().for_roundtable(roundtable).as_shown(),
            "participants_by_role": roundtable.participants.count_by_role(),
            "institutions": Institution.objects.filter(participants__roundtable=roundtable)
            .distinct()
            .order_by("name"),
        }
