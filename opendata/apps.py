from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class OpenDataConfig(AppConfig):
    name = "opendata"
    verbose_name = _("Open data")

    def ready(self):
        from pagecache.content import ShownOnPublicPages

        from .compendium.store import watch

        # The compendium is built again, in the background, after content changes.
        watch(model for model in apps.get_models() if issubclass(model, ShownOnPublicPages))
