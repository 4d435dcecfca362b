from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from pages.figures import tour_figures
from pages.maps import tour_map
from reflections.models import Reflection
from roundtables.models import RoundTable

from .base import PageMixin

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
        roundtables = list(published.with_result_counts()[:TOUR_AT_A_GLANCE])
        return super().get_context_data(
            roundtables=roundtables,
            tour_map=tour_map(_("The round-tables of the tour on a world map"), roundtables),
            figures=tour_figures(),
            reflections=Reflection.objects.public()
            .as_shown()
            .order_by("-decided_at", "-pk")[:LATEST_REFLECTIONS],
            **kwargs,
        )
