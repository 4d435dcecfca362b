from django.conf import settings
from django.core.paginator import Paginator
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from django_ratelimit.decorators import ratelimit

from pages import search

from .base import PageMixin

RESULTS_PER_PAGE = 20


def _search_rate(group, request):
    """Searches per address (RATELIMIT_SEARCHES); the search form alone is not counted."""
    return settings.RATELIMIT_SEARCHES if request.GET.get("q", "").strip() else None


# Searches per address (IP); django-ratelimit answers 429 beyond them.
limit_searches = ratelimit(key="ip", rate=_search_rate, method="GET")


@method_decorator(limit_searches, name="get")
class SearchView(PageMixin, TemplateView):
    template_name = "pages/search.html"
    page_title = _("Search")
    meta_description = _(
        "Search the round-tables, Actions, results by country, good practices and reflections."
    )

    def get_context_data(self, **kwargs):
        query = self.request.GET.get("q", "").strip()
        number = self.request.GET.get("page")
        results = search.search(
            query, self.request.GET.get("type", ""), page=number, per_page=RESULTS_PER_PAGE
        )
        page = Paginator(results, RESULTS_PER_PAGE).get_page(number)
        return super().get_context_data(
            query=query,
            too_long=len(query) > search.MAX_QUERY_LENGTH,
            kind=results.kind,
            kinds=[(key, label, results.counts[key]) for key, label in search.KINDS.items()],
            total=results.total,
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
