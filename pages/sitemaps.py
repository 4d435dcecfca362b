from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from actions.models import Action, Region
from findings.models import Finding, Publication
from roundtables.models import RoundTable

from .figures import documented_countries


class LocalizedSitemap(Sitemap):
    """Every page in each language, with its alternates in the others (and x-default)."""

    i18n = True
    alternates = True
    x_default = True


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


class RoundTableSitemap(LocalizedSitemap):
    def items(self):
        return RoundTable.objects.published().order_by("position", "pk")

    def lastmod(self, item):
        return item.updated_at


class ActionSitemap(LocalizedSitemap):
    def items(self):
        return Action.objects.published().order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class PublicationSitemap(LocalizedSitemap):
    def items(self):
        return Publication.objects.published().order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class FindingSitemap(LocalizedSitemap):
    def items(self):
        return Finding.objects.public().order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class RegionSitemap(LocalizedSitemap):
    def items(self):
        return Region.objects.all()


class CountrySitemap(LocalizedSitemap):
    """The countries that have a page: those the site documents something about."""

    def items(self):
        return sorted(documented_countries())

    def location(self, item):
        return reverse("countries:detail", kwargs={"code": item.lower()})


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
