"""The tour as an iCalendar (RFC 5545) that calendar applications subscribe to, in the language
of its address.

Each published round-table is an all-day event: its days where they are known; the whole
month where only the month or an approximate wording ("late May 2018") is, as TENTATIVE while
it is planned. A cancelled round-table stays, as CANCELLED, so that calendars which took it
in show that it will not happen rather than silently keeping or dropping it. A round-table
with no date at all cannot be placed in a calendar and is left out.

An event's UID is made of its slug and the site's host (SITE_URL), never of a database key,
and its DTSTAMP is when it last changed: the same content gives the same calendar.
"""

from datetime import UTC, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from icalendar import Calendar, Event, vDuration

from core.countries import country_name
from core.translation import translated
from pages.structured_data import exact_days
from roundtables.models import RoundTable

STATUS = {"held": "CONFIRMED", "cancelled": "CANCELLED"}
REFRESH = timedelta(days=1)


def host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def uid(roundtable) -> str:
    return f"roundtable-{roundtable.slug}@{host()}"


def days(roundtable):
    """(first day, the day after the last, whether the days are known): the round-table's own
    days, or its whole month."""
    start = roundtable.start_date
    if exact_days(roundtable):
        return start, (roundtable.end_date or start) + timedelta(days=1), True
    first = start.replace(day=1)
    return first, (first + timedelta(days=32)).replace(day=1), False


def status(roundtable, known: bool) -> str:
    """CONFIRMED or CANCELLED; a planned round-table is TENTATIVE until its days are known."""
    if roundtable.is_planned:
        return "CONFIRMED" if known else "TENTATIVE"
    return STATUS.get(roundtable.status, "CONFIRMED")


def text(event, name, roundtable, field):
    """``field`` of ``roundtable`` in the calendar's language (or English, marked as such)."""
    value, in_english = translated(roundtable, field)
    if value:
        event.add(name, value, parameters={"LANGUAGE": "en" if in_english else get_language()})


def description(roundtable, known: bool) -> str:
    parts = []
    if not known:
        # Translators: in the calendar, where only the month or an approximate date is known.
        parts.append(
            _("When: %(when)s (the exact days are not known).") % {"when": roundtable.when}
        )
    if roundtable.is_cancelled:
        parts.append(_("This round-table was cancelled: it was not held."))
    summary = translated(roundtable, "summary")[0] or translated(roundtable, "focus")[0]
    if summary:
        parts.append(summary)
    return "\n\n".join(parts)


def event(roundtable, request) -> Event:
    start, end, known = days(roundtable)
    changed = roundtable.updated_at.astimezone(UTC)
    city = translated(roundtable, "city")[0]
    item = Event.new(
        uid=uid(roundtable),
        start=start,
        end=end,
        stamp=changed,
        last_modified=changed,
        status=status(roundtable, known),
        url=request.build_absolute_uri(roundtable.get_absolute_url()),
        location=f"{city}, {country_name(roundtable.host_country)}",
        transparency="TRANSPARENT",
    )
    text(item, "SUMMARY", roundtable, "title")
    item.add("DESCRIPTION", description(roundtable, known))
    if roundtable.latitude is not None and roundtable.longitude is not None:
        item.add("GEO", (roundtable.latitude, roundtable.longitude))
    return item


def tour_calendar(request) -> Calendar:
    name = _("MIEUX Regional Round-tables")
    calendar = Calendar.new(
        prodid=f"-//ICMPD//MIEUX Regional Round-tables//{get_language().upper()}",
        uid=f"roundtables@{host()}",
        name=name,
        description=_("The regional round-tables of MIEUX: where and when."),
        url=request.build_absolute_uri(reverse("roundtables:list")),
        source=request.build_absolute_uri(request.path),
        refresh_interval=REFRESH,
    )
    calendar["REFRESH-INTERVAL"].params["VALUE"] = "DURATION"
    calendar.add("X-PUBLISHED-TTL", vDuration(REFRESH))
    roundtables = RoundTable.objects.public().filter(start_date__isnull=False)
    for roundtable in roundtables.order_by("position", "slug"):
        calendar.add_component(event(roundtable, request))
    return calendar


@require_safe
def calendar(request):
    return HttpResponse(
        tour_calendar(request).to_ical(), content_type="text/calendar; charset=utf-8"
    )
