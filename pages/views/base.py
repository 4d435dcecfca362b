"""What every public page shares: its title and description, and the previews of drafts;
what the filtered lists share."""

from django.utils.cache import patch_cache_control
from django.utils.http import urlencode


class PageMixin:
    """Gives templates ``page_title``, ``title_section`` and ``meta_description`` (<title>,
    meta, Open Graph; the ``document_title`` tag builds the <title>, with the page number of a
    list and "Error: " where ``has_errors``).

    ``title_section`` is the part of the site the page belongs to, as the menu names it ("Tour",
    "Actions"): set on the pages within a section, not on the section's own index.
    """

    page_title = ""
    title_section = ""
    meta_description = ""

    def get_page_title(self):
        return self.page_title

    def get_meta_description(self):
        return self.meta_description

    def has_errors(self) -> bool:
        """Whether the page refuses something the visitor sent (a filter it cannot apply)."""
        return False

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("page_title", self.get_page_title())
        context.setdefault("title_section", self.title_section)
        context.setdefault("title_error", self.has_errors())
        context.setdefault("meta_description", self.get_meta_description())
        return context


class PreviewMixin:
    """Staff who may change content preview its drafts where they will appear, by asking
    with ?preview=1 (the admin's "View on site" adds it). Querysets take ``previewing`` to
    ``visible_to``."""

    @property
    def previewing(self) -> bool:
        return "preview" in self.request.GET


class PublishedOrPreviewMixin(PreviewMixin):
    """The page of a published object, or of a draft for staff who may change it.

    A draft's page is a preview: the drafts it shows (outcomes, findings) are shown too.
    """

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user, preview=True)

    @property
    def previewing(self) -> bool:
        return super().previewing or not self.object.is_published

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["is_preview"] = not self.object.is_published
        return context


class FilteredListMixin:
    """A list with filters (django-filter's ``FilterView``).

    A page that cannot apply a filter says so and stays out of the page cache. Templates get
    ``active_filters``, how many filters are applied (the sort order is not one), and
    ``filters_key``, the filters as applied, which names the filter form as it is shown
    (``{% per_content_version %}``); None when the form shows errors.
    """

    def has_errors(self):
        return self.filterset.is_bound and not self.filterset.is_valid()

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if self.has_errors():
            # The page explains the mistake; it is not worth a place in the page cache.
            patch_cache_control(response, private=True)
        return response

    def get_context_data(self, **kwargs):
        filters = self.filterset
        applied = {name: filters.data.get(name) for name in filters.filters}
        applied = {name: value for name, value in applied.items() if value}
        return super().get_context_data(
            active_filters=sum(1 for name in applied if name != "sort"),
            filters_key=None if self.has_errors() else urlencode(sorted(applied.items())),
            **kwargs,
        )
