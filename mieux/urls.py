from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.generic import RedirectView, TemplateView

from .feeds import RoundTableAtomFeed, RoundTableFeed
from .sitemaps import SITEMAPS
from .views.actions import ActionDetailView, ActionListView
from .views.good_practices import GoodPracticesView
from .views.home import HomeView
from .views.places import CountryDetailView, CountryIndexView, RegionDetailView
from .views.roundtables import RoundTableDetailView, RoundTableListView
from .views.search import SearchView

roundtable_patterns = [
    path("", RoundTableListView.as_view(), name="list"),
    path("feed/", RoundTableFeed(), name="feed"),
    path("feed/atom/", RoundTableAtomFeed(), name="atom"),
    path("<slug:slug>/", RoundTableDetailView.as_view(), name="detail"),
]
action_patterns = [
    path("", ActionListView.as_view(), name="list"),
    path("<slug:slug>/", ActionDetailView.as_view(), name="detail"),
]
country_patterns = [
    path("", CountryIndexView.as_view(), name="index"),
    path("<str:code>/", CountryDetailView.as_view(), name="detail"),
]
region_patterns = [
    path("", RedirectView.as_view(pattern_name="countries:index"), name="index"),
    path("<slug:slug>/", RegionDetailView.as_view(), name="detail"),
]

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("roundtables/", include((roundtable_patterns, "roundtables"))),
    path("actions/", include((action_patterns, "actions"))),
    path("countries/", include((country_patterns, "countries"))),
    path("regions/", include((region_patterns, "regions"))),
    path(
        "good-practices/",
        include(([path("", GoodPracticesView.as_view(), name="list")], "good_practices")),
    ),
    path("search/", SearchView.as_view(), name="search"),
    path("reflect/", include("roundtables.urls")),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots",
    ),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]
