"""Dates as people write them, in the page's language, and how precisely a date is known."""

from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext


class DatePrecision(models.TextChoices):
    DAY = "day", _("Exact days")
    MONTH = "month", _("Month only")


def date_range(start, end) -> str:
    """From ``start`` to ``end`` (a date or None), written the way the page's language does."""
    if not end or end == start:
        return date_format(start)
    last = date_format(end)
    if (start.year, start.month) == (end.year, end.month):
        if (end - start).days == 1:
            # Translators: two days in a row, e.g. "5–6 March 2018" ("5 y 6 de marzo de 2018").
            pattern = pgettext("two days", "%(first)s–%(last)s")
        else:
            # Translators: several days of one month, e.g. "5–9 March 2018".
            pattern = pgettext("days of a month", "%(first)s–%(last)s")
        return pattern % {"first": start.day, "last": last}
    first = date_format(start, "MONTH_DAY_FORMAT" if start.year == end.year else "DATE_FORMAT")
    # Translators: dates across months, e.g. "28 February – 2 March 2018".
    return pgettext("dates across months", "%(first)s – %(last)s") % {"first": first, "last": last}
