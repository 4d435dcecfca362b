"""Each open-data file, the downloads page and the calendar run a fixed number of queries,
whatever the number of rows: pinned here, at the demo's size and again at several times it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actions.models import Action, ThematicArea
from opendata.downloads.datasets import DATASETS
from roundtables.models import Participant, RoundTable

from .factories import (
    ActionFactory,
    ActivityFactory,
    FindingFactory,
    InstitutionFactory,
    OutcomeFactory,
    ParticipantFactory,
    ReflectionFactory,
    RoundTableFactory,
)

pytestmark = pytest.mark.django_db

# Every file starts with one aggregate for its date (but regions and thematic areas, which
# carry no timestamps), then reads its rows; each list of links costs one query more.
QUERIES = {
    "roundtables": 3,  # date; round-tables with their region, co-host and result count; areas
    "roundtable-countries": 3,  # date; results by round-table and country; round-tables
    "findings": 3,  # date; findings with their round-table; their thematic areas
    "reflections": 3,  # date; reflections with their author and round-table; their Actions
    "actions": 5,  # date; Actions with region and area; specific areas; the two institutions
    "activities": 2,  # date; activities with their Action
    "outcomes": 4,  # date; outcomes; their Actions; where they were reported
    "regions": 1,
    "thematic-areas": 1,
}
# What ``grow()`` adds rows to (the taxonomy stays as it is).
GROWING = set(DATASETS) - {"regions", "thematic-areas"}
# The downloads page: a count and a date for each dataset (not the date of the two without).
PAGE_QUERIES = 2 * len(DATASETS) - 2
# The calendar: the round-tables.
CALENDAR_QUERIES = 1


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


def approve_reflections(participants, actions):
    for participant in participants:
        reflection = ReflectionFactory(participant=participant, status="approved")
        reflection.related_actions.set(actions)


def grow(times=5):
    """More of everything, linked to everything: Actions with institutions and areas, their
    activities and outcomes, round-tables with their results, findings and reflections."""
    bangkok = RoundTable.objects.get(slug="bangkok-2018")
    philippines = Action.objects.get(slug="the-philippines-i")
    areas = ThematicArea.objects.all()[:2]
    for n in range(times):
        action = ActionFactory(region=philippines.region, countries=["LA", "PH"])
        action.requesting_institutions.add(InstitutionFactory())
        action.beneficiary_institutions.add(InstitutionFactory())
        ActivityFactory(action=philippines, number=10 + n)
        ActivityFactory(action=action, number=1)
        outcome = OutcomeFactory(country="LA")
        outcome.actions.set([philippines, action])
        bangkok.reported_outcomes.add(outcome)
        FindingFactory(roundtable=bangkok).thematic_areas.set(areas)
        roundtable = RoundTableFactory(region=bangkok.region, countries=["LA", "PH"])
        roundtable.thematic_areas.set(areas)
        roundtable.reported_outcomes.add(outcome)
        approve_reflections([ParticipantFactory(roundtable=bangkok)], [philippines, action])


@pytest.fixture
def reflections(demo):
    approve_reflections(
        Participant.objects.filter(roundtable__slug="bangkok-2018", country="LA"),
        Action.objects.filter(slug="the-philippines-i"),
    )


@pytest.mark.parametrize("name", DATASETS)
def test_a_file_costs_the_same_queries_whatever_its_length(client, reflections, name):
    for format in ("csv", "json"):
        assert count_queries(client, f"/data/{name}.{format}") == QUERIES[name]
    before = len(client.get(f"/data/{name}.json").json())
    grow()
    if name in GROWING:
        assert len(client.get(f"/data/{name}.json").json()) > before
    for format in ("csv", "json"):
        assert count_queries(client, f"/data/{name}.{format}") == QUERIES[name]


def test_the_page_and_the_calendar_cost_the_same_queries_whatever_the_content(client, reflections):
    assert count_queries(client, "/data/") == PAGE_QUERIES
    assert count_queries(client, "/roundtables/calendar.ics") == CALENDAR_QUERIES
    grow()
    assert count_queries(client, "/data/") == PAGE_QUERIES
    assert count_queries(client, "/roundtables/calendar.ics") == CALENDAR_QUERIES
