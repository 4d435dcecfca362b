from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("MIEUX Round-tables administration")
admin.site.site_title = _("MIEUX Round-tables")
admin.site.index_title = _("Content and moderation")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]
