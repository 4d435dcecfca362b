"""The sitemap: an index (``/sitemap.xml``) of one sitemap per kind of page
(``/sitemap-<section>.xml``), each in pages of at most ``LIMIT`` addresses, so that none grows
with the content beyond that.

Each address is given in every language, with its alternates in the others (and
x-default): five addresses per page and language, each made from its kind of page's pattern
(``core.addresses``).
"""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from actions.models import Action, Region
from core.addresses import address
from findings.models import Finding, Publication
from roundtables.models import RoundTable

from .figures import documented_countries

# Addresses (a page in one language) per page of a section's sitemap: a hundred pages in
# three languages.
LIMIT = 300


class LocalizedSitemap(Sitemap):
    """Every page in each language, with its alternates in the others (and x-default).

    ``url_name`` and ``key`` name an object's page (``roundtables:detail`` with its slug)."""

    i18n = True
    alternates = True
    x_default = True
    limit = LIMIT
    url_name = ""
    key = "slug"

    def location(self, item):
        return address(self.url_name, **{self.key: getattr(item, self.key)})


class PageSitemap(LocalizedSitemap):
    changefreq = "weekly"

    def items(self):
        return [
            "home",
            "roundtables:list",
            "actions:list",
            "countries:index",
            "good_practices:list",
            "publications:list",
            "data:index",
            "data:calendar",
            "compendium:pdf",
        ]

    def location(self, item):
        return reverse(item)


class OpenDataSitemap(Sitemap):
    """What has one address for all languages: the API's documentation."""

    def items(self):
        return ["api:docs"]

    def location(self, item):
        return reverse(item)


class UpdatedSitemap(LocalizedSitemap):
    """Pages of objects that record when they last changed."""

    def lastmod(self, item):
        return item.updated_at


class RoundTableSitemap(UpdatedSitemap):
    url_name = "roundtables:detail"

    def items(self):
        return RoundTable.objects.published().order_by("position", "pk").only("slug", "updated_at")


class ActionSitemap(UpdatedSitemap):
    url_name = "actions:detail"

    def items(self):
        return Action.objects.published().order_by("pk").only("slug", "updated_at")


class PublicationSitemap(UpdatedSitemap):
    url_name = "publications:detail"

    def items(self):
        return Publication.objects.published().order_by("pk").only("slug", "updated_at")


class FindingSitemap(UpdatedSitemap):
    url_name = "good_practices:detail"

    def items(self):
        return Finding.objects.public().order_by("pk").only("slug", "updated_at")


class RegionSitemap(LocalizedSitemap):
    url_name = "regions:detail"

    def items(self):
        return Region.objects.only("slug")


class CountrySitemap(LocalizedSitemap):
    """The countries that have a page: those the site documents something about."""

    url_name = "countries:detail"

    def items(self):
        return sorted(documented_countries())

    def location(self, item):
        return address(self.url_name, code=item.lower())


SITEMAPS = {
    "pages": PageSitemap,
    "roundtables": RoundTableSitemap,
    "actions": ActionSitemap,
    "publications": PublicationSitemap,
    "findings": FindingSitemap,
    "regions": RegionSitemap,
    "countries": CountrySitemap,
    "opendata": OpenDataSitemap,
}
