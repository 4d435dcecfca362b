from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from roundtables.models import RoundTable

FEED_LENGTH = 50


class RoundTableFeed(Feed):
    """The round-tables of the tour, the latest stop first (RSS 2.0)."""

    title = _("MIEUX Regional Round-tables")
    link = reverse_lazy("roundtables:list")
    description = _("The regional round-tables of MIEUX: where and when, and what was reported.")

    def items(self):
        return RoundTable.objects.published().order_by("-position", "-pk")[:FEED_LENGTH]

    def item_title(self, item):
        return f"{item.title} ({item.city}, {item.when})"

    def item_description(self, item):
        return item.summary or item.focus

    def item_pubdate(self, item):
        """A held round-table dates from its first day; one planned (or cancelled) from when
        it was announced, that is first published."""
        if item.is_held and item.start_date:
            return timezone.make_aware(datetime.combine(item.start_date, time.min))
        return item.published_at or item.created_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [item.get_status_display()]


class RoundTableAtomFeed(RoundTableFeed):
    feed_type = Atom1Feed
    subtitle = RoundTableFeed.description
