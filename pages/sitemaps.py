"""The sitemap: an index (``/sitemap.xml``) of one sitemap per kind of page
(``/sitemap-<section>.xml``), each in pages of at most ``LIMIT`` addresses, so that none grows
with the content beyond that.

Each address is given in every language, with its alternates in the others (and
x-default): five addresses per page and language, each made from its kind of page's pattern
(``core.addresses``). Django lists every object in every language before taking a page of
them; here a page reads only its own objects (``LanguagePairs``), and the index dates each
sitemap with one query.
"""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.db.models import Max, QuerySet
from django.urls import reverse
from django.utils.functional import cached_property

from actions.models import Action, Region
from core.addresses import address
from findings.models import Finding, Publication
from roundtables.models import RoundTable

from .figures import documented_countries

# Addresses (a page in one language) per page of a section's sitemap: a hundred pages in
# three languages.
LIMIT = 300


class LanguagePairs:
    """(object, language) for each object of ``objects`` and each language, in that order, as
    Django's sitemaps list them; a slice reads only the objects it needs."""

    def __init__(self, objects: QuerySet, languages: list[str]):
        self.objects, self.languages = objects, languages

    def count(self) -> int:
        return self.objects.count() * len(self.languages)

    def __getitem__(self, pairs: slice) -> list:
        per_object = len(self.languages)
        first = pairs.start // per_object
        rows = self.objects[first : -(-pairs.stop // per_object)]
        listed = [(row, language) for row in rows for language in self.languages]
        offset = first * per_object
        return listed[pairs.start - offset : pairs.stop - offset]


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

    @cached_property
    def _locations(self) -> dict:
        return {}

    def _location(self, item, force_lang_code=None):
        """An object's address in a language, made once: Django asks for each five times (as
        an address, as the alternate of each language's, and as x-default)."""
        key = (item[0], force_lang_code or item[1])
        if key not in self._locations:
            self._locations[key] = super()._location(item, force_lang_code)
        return self._locations[key]

    @property
    def paginator(self):
        objects = self.items()
        if not isinstance(objects, QuerySet):
            return super().paginator
        languages = self.languages or [code for code, _name in settings.LANGUAGES]
        return Paginator(LanguagePairs(objects, languages), self.limit)


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

    def get_latest_lastmod(self):
        return self.items().aggregate(latest=Max("updated_at"))["latest"]


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
