from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class PageCacheConfig(AppConfig):
    name = "pagecache"
    verbose_name = _("Page cache")

    def ready(self):
        from .changes import watch
        from .content import ShownOnPublicPages
        from .recording import follow_queries

        watch(model for model in apps.get_models() if issubclass(model, ShownOnPublicPages))
        follow_queries()
