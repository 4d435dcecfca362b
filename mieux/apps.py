from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class MieuxConfig(AppConfig):
    default = True
    name = "mieux"
    verbose_name = _("MIEUX site")

    def ready(self):
        from . import checks  # noqa: F401  (registers the checks)


class MieuxAdminConfig(admin_apps.AdminConfig):
    """Django's admin, with the site's own AdminSite (its home page lists what needs attention)."""

    default = False
    default_site = "mieux.admin.MieuxAdminSite"
