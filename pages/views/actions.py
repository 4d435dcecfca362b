from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView
from django_filters.views import FilterView

from actions.filters import ActionFilter
from actions.models import Action, Outcome
from reflections.models import Reflection
from roundtables.models import RoundTable

from .base import FilteredListMixin, PageMixin, PublishedOrPreviewMixin


class ActionListView(FilteredListMixin, PageMixin, FilterView):
    filterset_class = ActionFilter
    template_name = "pages/action_list.html"
    paginate_by = 20
    page_title = _("Actions")
    meta_description = _(
        "The capacity-building Actions of MIEUX: who asked for them, where, on what, and what "
        "they achieved. Filter by region, country, thematic area, status and year."
    )

    def get_queryset(self):
        return Action.objects.published().as_cards()


class ActionDetailView(PageMixin, PublishedOrPreviewMixin, DetailView):
    model = Action
    template_name = "pages/action_detail.html"
    title_section = _("Actions")

    def get_queryset(self):
        return super().get_queryset().with_related().prefetch_related("activities")

    def get_page_title(self):
        return self.object.title

    def get_meta_description(self):
        return self.object.summary or self.object.description[:300]

    def get_context_data(self, **kwargs):
        action = self.object
        return super().get_context_data(
            outcomes=Outcome.objects.visible_to(self.request.user, preview=self.previewing)
            .for_action(action)
            .prefetch_related(
                Prefetch("actions", queryset=Action.objects.published().as_links()),
                Prefetch("reported_at", queryset=RoundTable.objects.published().as_links()),
            ),
            roundtables=RoundTable.objects.published().related_to_action(action),
            reflections=Reflection.objects.public().filter(related_actions=action).as_shown(),
            og_type="article",
            **kwargs,
        )
