"""Every public page runs a fixed number of queries, whatever the amount of content.

Each count is pinned, so that a change that adds a query shows up here, and the
same count must hold after the content grows tenfold (``generate_synthetic_data``).
"""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actions.models import Action, ThematicArea
from roundtables.models import Participant, RoundTable

from .factories import (
    ActionFactory,
    ActivityFactory,
    FindingFactory,
    OutcomeFactory,
    ParticipantFactory,
    ReflectionFactory,
    RoundTableFactory,
)

pytestmark = pytest.mark.django_db

# page: (url, queries). The reasons are in the comments.
PAGES = {
    # round-tables; the round-tables and their countries by status
    # (one query for the two figures); counts of Actions and outcomes; latest reflections
    "home": ("/", 5),
    # count for the paginator, the page of round-tables
    "roundtable list": ("/roundtables/", 2),
    # the round-table, its thematic areas, outcomes and their Actions, findings,
    # reflections, participants counted by role, institutions represented
    "roundtable": ("/roundtables/bangkok-2018/", 8),
    # region, country, area and year choices; count and page of Actions
    "action list": ("/actions/", 7),
    # the same, and the region named in the filter
    "action list, filtered": ("/actions/?region=asia&status=completed&year=2012&sort=title", 8),
    # the Action, its areas, institutions (twice), activities; outcomes with their Actions
    # and where they were reported; related round-tables; reflections
    "action": ("/actions/the-philippines-i/", 10),
    # regions; countries of Actions, outcomes and round-tables
    "country index": ("/countries/", 4),
    # regions, Actions, outcomes with their Actions and round-tables, round-tables,
    # reflections
    "country": ("/countries/la/", 7),
    # region, Actions by area and status, areas, round-tables and their areas, Actions by
    # country, outcomes, latest Actions
    "region": ("/regions/asia/", 8),
    # regions, areas and countries for the filters (the regions and areas head the sections);
    # count and page of the findings under their areas, with their round-tables; the findings
    # counted once each; the publications that drew on the round-tables
    "good practices": ("/good-practices/", 7),
    # the same: the filters' choices are read once and checked without a query
    "good practices, filtered": (
        "/good-practices/?region=asia&thematic_area=irregular-migration-thb&kind=good_practice"
        "&country=TH&page=1",
        7,
    ),
    # the finding with its round-table and region, its areas, the Actions behind it
    "finding": ("/good-practices/asia-labour-migration-and-trafficking/", 3),
    # The search's queries depend on the database, and on PostgreSQL on the kinds of hit on
    # the page shown: tests/test_search_results.py pins them.
}


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


def approve_reflections(participants, actions=()):
    for participant in participants:
        reflection = ReflectionFactory(participant=participant, status="approved")
        reflection.related_actions.set(actions)


def grow_tenfold():
    """Ten times the demo volume overall, and ten times the rows around the pages' own objects."""
    call_command("generate_synthetic_data", scale=10, stdout=io.StringIO())
    bangkok = RoundTable.objects.get(slug="bangkok-2018")
    philippines = Action.objects.get(slug="the-philippines-i")
    for n in range(10):
        action = ActionFactory(region=philippines.region, countries=["LA", "PH"])
        ActivityFactory(action=philippines, number=10 + n)
        outcome = OutcomeFactory(country="LA")
        outcome.actions.set([philippines, action])
        bangkok.reported_outcomes.add(outcome)
        FindingFactory(roundtable=bangkok).thematic_areas.set(ThematicArea.objects.all()[:2])
        RoundTableFactory(region=bangkok.region, countries=["LA", "PH"])
        participant = ParticipantFactory(roundtable=bangkok, country="LA")
        approve_reflections([participant], [philippines])


@pytest.fixture
def reflections(demo):
    """Some approved reflections, so that the pages that show them run those queries."""
    bangkok = RoundTable.objects.get(slug="bangkok-2018")
    philippines = Action.objects.get(slug="the-philippines-i")
    approve_reflections(Participant.objects.filter(roundtable=bangkok, country="LA"), [philippines])


@pytest.mark.parametrize("page", PAGES)
def test_query_count_is_pinned_and_flat_when_content_grows_tenfold(client, reflections, page):
    url, expected = PAGES[page]
    assert count_queries(client, url) == expected
    grow_tenfold()
    assert count_queries(client, url) == expected


def read_by(client, url) -> str:
    """The SQL of every query the page ran, as one text."""
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200, url
    return " ".join(query["sql"] for query in context.captured_queries)


@pytest.mark.parametrize("page", ["home", "roundtable", "action", "country"])
def test_pages_that_show_reflections_read_nothing_private_of_them(client, reflections, page):
    """A page shows who wrote a reflection as they chose to be shown: it never loads the
    author's e-mail address or what the moderators recorded, even to leave them out."""
    sql = read_by(client, PAGES[page][0])
    assert '"reflections_reflection"."public_meaning"' in sql  # the reflections were read
    for column in ("roundtables_participant.email", "reflections_reflection.decision_reason"):
        table, name = column.split(".")
        assert f'"{table}"."{name}"' not in sql


@pytest.mark.parametrize("page", ["action list", "country"])
def test_lists_of_actions_read_what_their_cards_show(client, reflections, page):
    sql = read_by(client, PAGES[page][0])
    assert '"actions_action"."summary_en"' in sql
    for text in ("description", "objectives", "results"):
        assert f'"actions_action"."{text}_en"' not in sql
