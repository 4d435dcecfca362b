"""What every public page shares: its title and description, and the rule on drafts."""

from django.utils.translation import npgettext


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


class PublishedOrPreviewMixin:
    """The public sees published objects only; staff who may change them also see drafts.

    A draft's page is a preview: the drafts it shows (outcomes, findings) are shown too.
    """

    def get_queryset(self):
        queryset = super().get_queryset()
        model = queryset.model
        user = self.request.user
        if user.is_staff and user.has_perm(
            f"{model._meta.app_label}.change_{model._meta.model_name}"
        ):
            return queryset
        return queryset.published()

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        if not obj.is_published:
            self.request.previewing_drafts = True
        return obj

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["is_preview"] = not self.object.is_published
        return context


def key_figures(**counts: int) -> list[tuple[int, str]]:
    """(number, label) pairs for the figures at the top of a page, labels in the right plural."""
    labels = {
        "roundtables": lambda n: npgettext("key figure", "round-table", "round-tables", n),
        "countries": lambda n: npgettext("key figure", "country", "countries", n),
        "actions": lambda n: npgettext("key figure", "Action", "Actions", n),
        "outcomes": lambda n: npgettext("key figure", "result reported", "results reported", n),
    }
    return [(number, labels[key](number)) for key, number in counts.items()]


def previewing(request, model) -> bool:
    """Whether to show ``model``'s drafts: to staff who may change it, asking with ?preview=1."""
    user = request.user
    opts = model._meta
    return (
        ("preview" in request.GET or getattr(request, "previewing_drafts", False))
        and user.is_staff
        and user.has_perm(f"{opts.app_label}.change_{opts.model_name}")
    )


def visible(request, model):
    """``model``'s objects that this request may see: the public ones, or all when previewing."""
    return model.objects.all() if previewing(request, model) else model.objects.public()
