"""What every public page shares: its title and description, and the previews of drafts."""


class PageMixin:
    """Gives templates ``page_title`` and ``meta_description`` (<title>, meta, Open Graph)."""

    page_title = ""
    meta_description = ""

    def get_page_title(self):
        return self.page_title

    def get_meta_description(self):
        return self.meta_description

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("page_title", self.get_page_title())
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
