"""The open-data API's addresses, under /api/ for every language (each record carries every
language's text): its entry point, a list and records for each kind, the schema, the docs."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from . import views
from .docs import DocsView

app_name = "api"

LIST = {"get": "list"}
RECORD = {"get": "retrieve"}


def resource(prefix, viewset, name, key="<slug:slug>"):
    return [
        path(f"{prefix}/", viewset.as_view(LIST), name=f"{name}-list"),
        path(f"{prefix}/{key}/", viewset.as_view(RECORD), name=f"{name}-detail"),
    ]


urlpatterns = [
    path("", views.RootView.as_view(), name="root"),
    *resource("roundtables", views.RoundTableViewSet, "roundtable"),
    *resource("countries", views.CountryViewSet, "country", "<str:code>"),
    *resource("regions", views.RegionViewSet, "region"),
    *resource("thematic-areas", views.ThematicAreaViewSet, "thematic-area"),
    *resource("specific-areas", views.SpecificAreaViewSet, "specific-area"),
    *resource("actions", views.ActionViewSet, "action"),
    *resource("outcomes", views.OutcomeViewSet, "outcome", "<str:country>/<slug:code>"),
    *resource("findings", views.FindingViewSet, "finding"),
    *resource("reflections", views.ReflectionViewSet, "reflection", "<int:id>"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", DocsView.as_view(), name="docs"),
]
