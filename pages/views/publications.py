from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView

from findings.models import Publication

from .base import PageMixin, PreviewMixin, PublishedOrPreviewMixin


class PublicationListView(PageMixin, PreviewMixin, ListView):
    """The programme's publications that the round-tables fed, the latest first."""

    template_name = "pages/publication_list.html"
    page_title = _("Publications")
    meta_description = _("The MIEUX publications that drew on the regional round-tables.")

    def get_queryset(self):
        return Publication.objects.visible_to(self.request.user, preview=self.previewing)


class PublicationDetailView(PageMixin, PublishedOrPreviewMixin, DetailView):
    model = Publication
    template_name = "pages/publication_detail.html"
    title_section = _("Publications")

    def get_page_title(self):
        return self.object.title

    def get_meta_description(self):
        return self.object.summary

    def get_context_data(self, **kwargs):
        roundtables = self.object.roundtables.visible_to(self.request.user, preview=self.previewing)
        return super().get_context_data(roundtables=roundtables, **kwargs)
