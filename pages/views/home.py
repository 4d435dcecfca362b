from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from actions.models import Action, Outcome
from pages.maps import tour_map
from reflections.models import Reflection
from roundtables.models import RoundTable

from .base import PageMixin, key_figures

LATEST_REFLECTIONS = 3
# The home page shows the tour at a glance; the tour page lists every round-table.
TOUR_AT_A_GLANCE = 8


class HomeView(PageMixin, TemplateView):
    template_name = "pages/home.html"
    page_title = _("The 2018 tour")
    meta_description = _(
        "Four regional round-tables in 2018 asked the officials who worked with MIEUX what it "
        "changed in their institutions and countries. The tour, the results by country, and the "
        "Actions behind them."
    )

    def get_context_data(self, **kwargs):
        published = RoundTable.objects.published()
        roundtables = list(published.with_related().with_result_counts()[:TOUR_AT_A_GLANCE])
        return super().get_context_data(
            roundtables=roundtables,
            tour_map=tour_map(_("The round-tables of the tour on a world map"), roundtables),
            figures=key_figures(
                roundtables=published.count(),
                countries=len(published.country_counts()),
                actions=Action.objects.published().count(),
                outcomes=Outcome.objects.published().count(),
            ),
            reflections=Reflection.objects.public()
            .with_related()
            .order_by("-decided_at", "-pk")[:LATEST_REFLECTIONS],
            **kwargs,
        )
