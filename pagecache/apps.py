from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class PageCacheConfig(AppConfig):
    name = "pagecache"
    verbose_name = _("Page cache")

    def ready(self):
        from .content import ShownOnPublicPages
        from .versions import watch

        watch(model for model in apps.get_models() if issubclass(model, ShownOnPublicPages))
