"""The public site's addresses, each section under its own namespace.

``urlpatterns`` exist in every language (the root URLconf prefixes French and Spanish);
``site_files`` (the sitemap, robots.txt) once for all. Public pages are cached whole for
anonymous visitors (``pagecache``); search is not, as its addresses are endless.
"""

from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.views.generic import RedirectView, TemplateView

from actions.filters import ActionFilter
from findings.filters import FindingFilter
from pagecache.decorators import cache_public_page as public

from .feeds import RoundTableAtomFeed, RoundTableFeed
from .sitemaps import SITEMAPS
from .views.actions import ActionDetailView, ActionListView
from .views.good_practices import FindingDetailView, GoodPracticesView
from .views.home import HomeView
from .views.places import CountryDetailView, CountryIndexView, RegionDetailView
from .views.publications import PublicationDetailView, PublicationListView
from .views.roundtables import RoundTableDetailView, RoundTableListView
from .views.search import SearchView

roundtable_patterns = [
    path("", public(RoundTableListView.as_view(), params=["page"]), name="list"),
    path("feed/", public(RoundTableFeed()), name="feed"),
    path("feed/atom/", public(RoundTableAtomFeed()), name="atom"),
    path("<slug:slug>/", public(RoundTableDetailView.as_view()), name="detail"),
]
action_patterns = [
    path(
        "",
        public(ActionListView.as_view(), params=[*ActionFilter.base_filters, "page"]),
        name="list",
    ),
    path("<slug:slug>/", public(ActionDetailView.as_view()), name="detail"),
]
country_patterns = [
    path("", public(CountryIndexView.as_view()), name="index"),
    path("<str:code>/", public(CountryDetailView.as_view()), name="detail"),
]
region_patterns = [
    path("", RedirectView.as_view(pattern_name="countries:index"), name="index"),
    path("<slug:slug>/", public(RegionDetailView.as_view()), name="detail"),
]
good_practice_patterns = [
    path(
        "",
        public(GoodPracticesView.as_view(), params=[*FindingFilter.base_filters, "page"]),
        name="list",
    ),
    path("<slug:slug>/", public(FindingDetailView.as_view()), name="detail"),
]
publication_patterns = [
    path("", public(PublicationListView.as_view()), name="list"),
    path("<slug:slug>/", public(PublicationDetailView.as_view()), name="detail"),
]

urlpatterns = [
    path("", public(HomeView.as_view()), name="home"),
    path("roundtables/", include((roundtable_patterns, "roundtables"))),
    path("actions/", include((action_patterns, "actions"))),
    path("countries/", include((country_patterns, "countries"))),
    path("regions/", include((region_patterns, "regions"))),
    path("good-practices/", include((good_practice_patterns, "good_practices"))),
    path("publications/", include((publication_patterns, "publications"))),
    path("search/", SearchView.as_view(), name="search"),
]

site_files = [
    path(
        "sitemap.xml",
        public(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        public(sitemap_views.sitemap, params=["p"]),
        {"sitemaps": SITEMAPS, "template_name": "pages/sitemap.xml"},
        name="sitemap-section",
    ),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots",
    ),
]
