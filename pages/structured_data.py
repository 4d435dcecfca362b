"""What the pages tell search engines in schema.org terms (JSON-LD), and what is known of a
round-table's dates, which the page, its schema.org Event and the open data all go by.

A JSON-LD block is data, not script: the browser never runs it, so the Content-Security-Policy
(no inline script) does not apply to it. Its text is escaped as Django's ``json_script`` does,
so that no value can close the element.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.translation import translated

# As django.utils.html.json_script: no "<", ">" or "&" can end the <script> element early.
_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}

SCHEMA = "https://schema.org"
ICMPD_URL = "https://www.icmpd.org/"
EUROPEAN_UNION_URL = "https://european-union.europa.eu/"


def json_ld(data: dict) -> str:
    """``data`` in a ``<script type="application/ld+json">`` element, safe to put in a page."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


def icmpd() -> dict:
    """The organisation that implemented MIEUX and publishes this site."""
    return {
        "@type": "Organization",
        "name": _("International Centre for Migration Policy Development"),
        "alternateName": "ICMPD",
        "url": ICMPD_URL,
    }


def mieux() -> dict:
    return {
        "@type": "Organization",
        "name": "MIEUX (MIgration EU eXpertise)",
        "parentOrganization": icmpd(),
    }


def european_union() -> dict:
    """The programme's funder."""
    return {
        "@type": "GovernmentOrganization",
        "name": _("European Union"),
        "url": EUROPEAN_UNION_URL,
    }


def exact_days(roundtable) -> bool:
    """Whether a round-table's days are known: its dates are exact and no approximate wording
    ("late May 2018") stands in for them."""
    return bool(
        roundtable.start_date
        and roundtable.date_precision == roundtable.DatePrecision.DAY
        and not roundtable.approximate_date
    )


def known_dates(roundtable) -> tuple[str, str]:
    """(start, end) as ISO 8601, as precisely as they are known: the days ("2018-03-05",
    "2018-03-06"; a one-day round-table ends on its first day), the month only ("2018-07",
    ""), or nothing ("", "")."""
    if exact_days(roundtable):
        end = roundtable.end_date or roundtable.start_date
        return roundtable.start_date.isoformat(), end.isoformat()
    if roundtable.start_date:
        return roundtable.start_date.strftime("%Y-%m"), ""
    return "", ""


EVENT_STATUS = {"cancelled": "EventCancelled"}


def roundtable_event(roundtable, *, url: str) -> dict:
    """A round-table as a schema.org Event, in the page's language. ``url``: its page."""
    city = translated(roundtable, "city")[0]
    description = translated(roundtable, "summary")[0] or translated(roundtable, "focus")[0]
    place = {
        "@type": "Place",
        "name": city,
        "address": {
            "@type": "PostalAddress",
            "addressLocality": city,
            "addressCountry": roundtable.host_country.code,
        },
    }
    if roundtable.latitude is not None and roundtable.longitude is not None:
        place["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": roundtable.latitude,
            "longitude": roundtable.longitude,
        }
    start, end = known_dates(roundtable)
    event = {
        "@context": SCHEMA,
        "@type": "Event",
        "name": translated(roundtable, "title")[0],
        "url": url,
        "inLanguage": get_language(),
        "eventStatus": f"{SCHEMA}/{EVENT_STATUS.get(roundtable.status, 'EventScheduled')}",
        "eventAttendanceMode": f"{SCHEMA}/OfflineEventAttendanceMode",
        "location": place,
        "organizer": mieux(),
        "funder": european_union(),
    }
    if description:
        event["description"] = description
    if start:
        event["startDate"] = start
    if end:
        event["endDate"] = end
    return event
