from django.core.paginator import Paginator
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from pages import search

from .base import PageMixin

RESULTS_PER_PAGE = 20


class SearchView(PageMixin, TemplateView):
    template_name = "pages/search.html"
    page_title = _("Search")
    meta_description = _(
        "Search the round-tables, Actions, results by country, good practices and reflections."
    )

    def get_context_data(self, **kwargs):
        query = self.request.GET.get("q", "").strip()
        kind = self.request.GET.get("type", "")
        hits = search.search(query) if query else []
        counts = dict.fromkeys(search.KINDS, 0)
        for hit in hits:
            counts[hit.kind] += 1
        shown = [hit for hit in hits if hit.kind == kind] if kind in search.KINDS else hits
        page = Paginator(shown, RESULTS_PER_PAGE).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            query=query,
            too_long=len(query) > search.MAX_QUERY_LENGTH,
            kind=kind if kind in search.KINDS else "",
            kinds=[(key, label, counts[key]) for key, label in search.KINDS.items()],
            total=len(hits),
            page_obj=page,
            hits=page.object_list,
            terms=search.terms_of(query),
            **kwargs,
        )

    def get_page_title(self):
        query = self.request.GET.get("q", "").strip()
        if not query:
            return self.page_title
        query = query[: search.MAX_QUERY_LENGTH]
        kind = search.KINDS.get(self.request.GET.get("type", ""))
        if kind:  # the results of one kind only
            return _("Search: %(query)s (%(kind)s)") % {"query": query, "kind": kind}
        return _("Search: %(query)s") % {"query": query}
