"""The site's addresses: the public pages, the participants' pages, the admin, operations."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from ops.views import healthz, hello

urlpatterns = [
    path("", include("pages.urls")),
    path("reflect/", include("reflections.urls")),
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
]

if settings.BENCH_ENDPOINTS:
    urlpatterns.append(path("bench/hello/", hello, name="bench-hello"))
