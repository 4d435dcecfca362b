"""The tour as an iCalendar (/roundtables/calendar.ics), and each round-table page's
schema.org Event."""

import datetime
import json
import re

import pytest
from django.test import override_settings
from icalendar import Calendar

from roundtables.models import RoundTable

from .factories import RoundTableFactory

pytestmark = pytest.mark.django_db

SITE = "https://roundtables.example.org"


def calendar(client, prefix="") -> Calendar:
    response = client.get(f"{prefix}/roundtables/calendar.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def events(client, prefix="") -> dict:
    """{UID: event} of the calendar."""
    return {str(event["UID"]): event for event in calendar(client, prefix).walk("VEVENT")}


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def tour():
    return {
        "held": RoundTableFactory(
            slug="bangkok-2018",
            title="Regional Round-table for Asia",
            title_fr="Table ronde régionale pour l'Asie",
            city="Bangkok",
            summary="The first stop.",
            latitude=13.7563,
            longitude=100.5018,
        ),
        "approximate": RoundTableFactory(
            slug="mexico-city-2018",
            status=RoundTable.Status.PLANNED,
            city="Mexico City",
            host_country="MX",
            start_date=datetime.date(2018, 5, 1),
            end_date=None,
            date_precision=RoundTable.DatePrecision.MONTH,
            approximate_date="late May 2018",
        ),
        "planned": RoundTableFactory(
            slug="dakar-2027",
            status=RoundTable.Status.PLANNED,
            start_date=datetime.date(2027, 4, 12),
            end_date=datetime.date(2027, 4, 13),
        ),
        "cancelled": RoundTableFactory(slug="tunis-2019", status=RoundTable.Status.CANCELLED),
        "draft": RoundTableFactory(slug="draft-2019", is_published=False),
        "undated": RoundTableFactory(
            slug="somewhere-2028",
            status=RoundTable.Status.PLANNED,
            start_date=None,
            end_date=None,
            approximate_date="some day",
        ),
    }


def test_each_published_roundtable_with_a_date_is_an_event(client, tour):
    cal = calendar(client)
    assert str(cal["X-WR-CALNAME"]) == "MIEUX Regional Round-tables"
    assert str(cal["PRODID"]).startswith("-//ICMPD//MIEUX Regional Round-tables//")
    assert set(events(client)) == {
        "roundtable-bangkok-2018@roundtables.example.org",
        "roundtable-mexico-city-2018@roundtables.example.org",
        "roundtable-dakar-2027@roundtables.example.org",
        "roundtable-tunis-2019@roundtables.example.org",
    }  # not the draft, nor the one with no date to place it on


def test_an_event_lasts_its_days_all_day(client, tour):
    held = events(client)["roundtable-bangkok-2018@roundtables.example.org"]
    assert held.decoded("DTSTART") == datetime.date(2018, 3, 5)
    assert held.decoded("DTEND") == datetime.date(2018, 3, 7)  # the day after the last
    assert "DTSTART;VALUE=DATE:20180305" in held.to_ical().decode()
    assert str(held["SUMMARY"]) == "Regional Round-table for Asia"
    assert str(held["LOCATION"]) == "Bangkok, Thailand"
    assert str(held["URL"]) == "http://testserver/roundtables/bangkok-2018/"
    assert str(held["DESCRIPTION"]) == "The first stop."
    assert held["STATUS"] == "CONFIRMED"
    assert held.decoded("DTSTAMP") == tour["held"].updated_at.replace(microsecond=0)


def test_each_status_says_how_sure_the_event_is(client, tour):
    found = events(client)
    status = {uid.split("@")[0]: str(event["STATUS"]) for uid, event in found.items()}
    assert status == {
        "roundtable-bangkok-2018": "CONFIRMED",
        "roundtable-mexico-city-2018": "TENTATIVE",
        "roundtable-dakar-2027": "CONFIRMED",
        "roundtable-tunis-2019": "CANCELLED",
    }
    approximate = found["roundtable-mexico-city-2018@roundtables.example.org"]
    # Only the month is known: the event spans it, and says when it is expected.
    assert approximate.decoded("DTSTART") == datetime.date(2018, 5, 1)
    assert approximate.decoded("DTEND") == datetime.date(2018, 6, 1)
    assert "late May 2018" in str(approximate["DESCRIPTION"])


def test_uids_stay_and_stamps_follow_the_content(client, tour):
    before = client.get("/roundtables/calendar.ics").content
    assert client.get("/roundtables/calendar.ics").content == before  # same content, same file
    held = tour["held"]
    held.title, held.start_date, held.end_date = "A new title", datetime.date(2018, 3, 8), None
    held.save()
    event = events(client)["roundtable-bangkok-2018@roundtables.example.org"]
    assert str(event["SUMMARY"]) == "A new title"
    assert event.decoded("DTEND") == datetime.date(2018, 3, 9)
    held.refresh_from_db()
    assert event.decoded("DTSTAMP") == held.updated_at.replace(microsecond=0)


def test_the_calendar_is_in_the_language_of_its_address(client, tour):
    found = events(client, prefix="/fr")
    held = found["roundtable-bangkok-2018@roundtables.example.org"]
    assert str(held["SUMMARY"]) == "Table ronde régionale pour l'Asie"
    assert held["SUMMARY"].params["LANGUAGE"] == "fr"
    assert str(held["LOCATION"]) == "Bangkok, Thaïlande"
    assert str(held["URL"]) == "http://testserver/fr/roundtables/bangkok-2018/"
    # A title not translated yet is the English one, and says so.
    planned = found["roundtable-dakar-2027@roundtables.example.org"]
    assert planned["SUMMARY"].params["LANGUAGE"] == "en"


def test_the_tour_page_offers_the_calendar(client, tour):
    text = client.get("/roundtables/").content.decode()
    assert 'href="/roundtables/calendar.ics"' in text
    assert 'href="/es/roundtables/calendar.ics"' in client.get("/es/roundtables/").content.decode()


def event_of(client, url) -> dict:
    text = client.get(url).content.decode()
    (block,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', text, re.S)
    return json.loads(block)


def test_a_roundtable_page_describes_its_event(client, tour):
    event = event_of(client, "/roundtables/bangkok-2018/")
    assert event["@type"] == "Event"
    assert event["name"] == "Regional Round-table for Asia"
    assert (event["startDate"], event["endDate"]) == ("2018-03-05", "2018-03-06")
    assert event["eventStatus"] == "https://schema.org/EventScheduled"
    assert event["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert event["location"]["address"] == {
        "@type": "PostalAddress",
        "addressLocality": "Bangkok",
        "addressCountry": "TH",
    }
    assert event["organizer"]["parentOrganization"]["alternateName"] == "ICMPD"
    assert event["funder"]["name"] == "European Union"
    assert event["url"] == "http://testserver/roundtables/bangkok-2018/"
    assert event["inLanguage"] == "en"
    assert event["description"] == "The first stop."
    french = event_of(client, "/fr/roundtables/bangkok-2018/")
    assert (french["name"], french["inLanguage"]) == ("Table ronde régionale pour l'Asie", "fr")


def test_an_event_says_only_what_is_known_of_its_dates(client, tour):
    approximate = event_of(client, "/roundtables/mexico-city-2018/")
    assert approximate["startDate"] == "2018-05" and "endDate" not in approximate
    undated = event_of(client, "/roundtables/somewhere-2028/")
    assert "startDate" not in undated and "endDate" not in undated
    cancelled = event_of(client, "/roundtables/tunis-2019/")
    assert cancelled["eventStatus"] == "https://schema.org/EventCancelled"


def test_no_text_can_close_the_json_ld_element(client, tour):
    RoundTable.objects.filter(slug="bangkok-2018").update(
        title="</script><script>alert(1)</script> & more"
    )
    text = client.get("/roundtables/bangkok-2018/").content.decode()
    (block,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', text, re.S)
    assert "<" not in block and "&" not in block
    assert json.loads(block)["name"] == "</script><script>alert(1)</script> & more"


@override_settings(SITE_URL="http://127.0.0.1:8000")
def test_uids_take_the_host_of_the_site(client, tour):
    assert "roundtable-bangkok-2018@127.0.0.1" in events(client)
