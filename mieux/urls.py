"""The site's addresses. The public and participants' pages exist in each language: English
at the root, French under /fr/ and Spanish under /es/. The admin and operations have one."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from ops.views import healthz, hello
from pages.urls import site_files

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("api/", include("opendata.api.urls")),
    *site_files,
    *i18n_patterns(
        path("", include("opendata.urls")),
        path("", include("pages.urls")),
        path("reflect/", include("reflections.urls")),
        prefix_default_language=False,
    ),
]

# What Django cannot read (ops.addresses, too many parameters, an unknown host): a 400 page.
handler400 = "ops.views.bad_request"

if settings.BENCH_ENDPOINTS:
    urlpatterns.append(path("bench/hello/", hello, name="bench-hello"))
