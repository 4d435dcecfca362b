"""The round-tables' feeds. Their texts are plain text, as staff typed them: a reader must
show them as they are, never render (or run) markup that they contain."""

import html
from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext_lazy as _

from roundtables.models import RoundTable

FEED_LENGTH = 50


class PlainTextRss(Rss201rev2Feed):
    """RSS 2.0 whose item descriptions are plain text. RSS cannot say so, and readers take a
    description as HTML: the text is escaped for HTML, then (as all of it) for XML."""

    def add_item_elements(self, handler, item):
        if item["description"]:
            item = {**item, "description": html.escape(item["description"], quote=False)}
        super().add_item_elements(handler, item)


class PlainTextAtom(Atom1Feed):
    """Atom whose item summaries say that they are text (Django's say HTML)."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"] is not None:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


class RoundTableFeed(Feed):
    """The round-tables of the tour, the latest stop first (RSS 2.0)."""

    feed_type = PlainTextRss
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
    feed_type = PlainTextAtom
    subtitle = RoundTableFeed.description
