"""Every answer of the API runs a fixed number of queries, whatever the number of rows and
the page size: each count is pinned, and holds with 3 and with 30 rows of everything."""

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from roundtables.models import RoundTable

from .factories import (
    ActionFactory,
    ActivityFactory,
    FindingFactory,
    InstitutionFactory,
    OutcomeFactory,
    ParticipantFactory,
    ReflectionFactory,
    RegionFactory,
    RoundTableFactory,
    SpecificAreaFactory,
    ThematicAreaFactory,
)

pytestmark = pytest.mark.django_db

# The countries the rows are spread over, Thailand aside (it has a share of everything).
CODES = [
    *("KH", "LA", "MM", "PH", "VN", "ID", "MY", "KG", "KZ", "TJ", "UZ", "MN", "NP", "BD"),
    *("LK", "PK", "IN", "BT", "MV", "TL", "BN", "SG", "CN", "JP", "KR", "AF", "IR", "IQ"),
    *("JO", "LB", "SY"),
]

# The countries the site documents (Actions, outcomes and round-tables by country): a
# country in an answer links to its record only if it has one.
DOCUMENTED = 3
# Lists: how many rows, then the page of rows.
PAGE = 2

# address: queries, with what each is for
ANSWERS = {
    "/api/": 0,
    # the page of round-tables with region and co-host; their thematic areas
    "/api/roundtables/": PAGE + 1 + DOCUMENTED,
    # the round-table, its areas, outcomes with their Actions and round-tables, findings,
    # participants with their institutions
    "/api/roundtables/bangkok-2018/": 7 + DOCUMENTED,
    # the regions (the countries' figures are the documented countries' own)
    "/api/countries/": 1 + DOCUMENTED,
    "/api/countries/?region=asia": 2 + DOCUMENTED,  # and the region asked for
    # Actions, outcomes with their Actions and round-tables, round-tables, regions
    "/api/countries/TH/": 6 + DOCUMENTED,
    "/api/regions/": PAGE + DOCUMENTED,
    "/api/regions/asia/": 1 + DOCUMENTED,
    "/api/thematic-areas/": PAGE,
    "/api/thematic-areas/area-0/": 1,
    "/api/specific-areas/": PAGE,
    "/api/specific-areas/specific-0/": 1,
    # the filter's choices of countries and years; the page with region and thematic area;
    # specific areas
    "/api/actions/": 2 + PAGE + 1 + DOCUMENTED,
    "/api/actions/?region=asia&year=2015&sort=title": 3 + PAGE + 1 + DOCUMENTED,
    # the Action with region and area; specific areas, both kinds of institutions, activities,
    # outcomes with their Actions and round-tables; related round-tables
    "/api/actions/action-0/": 9 + DOCUMENTED,
    # the page of outcomes; their Actions and round-tables
    "/api/outcomes/": PAGE + 2 + DOCUMENTED,
    "/api/outcomes/?country=TH&roundtable=bangkok-2018": 1 + PAGE + 2 + DOCUMENTED,
    "/api/outcomes/TH/outcome-0/": 3 + DOCUMENTED,
    # the page of findings with round-table and region; their thematic areas
    "/api/findings/": PAGE + 1 + DOCUMENTED,
    "/api/findings/finding-0/": 2 + DOCUMENTED,
    # the page of reflections with author, round-table and institution; the Actions they name
    "/api/reflections/": PAGE + 1 + DOCUMENTED,
    "/api/reflections/?roundtable=bangkok-2018&country=LA": 1 + PAGE + 1 + DOCUMENTED,
}


SAME_SIZE = {
    *("/api/", "/api/thematic-areas/area-0/"),
    *("/api/specific-areas/specific-0/", "/api/outcomes/TH/outcome-0/", "/api/findings/finding-0/"),
}


def add_content(start, stop, bangkok):
    """Rows ``start`` to ``stop`` of every kind, each tied to the others and to Bangkok, so
    that every nested list grows with them."""
    for n in range(start, stop):
        code = CODES[n]
        area = ThematicAreaFactory(slug=f"area-{n}")
        specific = SpecificAreaFactory(slug=f"specific-{n}")
        institution = InstitutionFactory(country=code)
        action = ActionFactory(
            slug=f"action-{n}", region=bangkok.region, countries=[code, "TH"], thematic_area=area
        )
        action.specific_areas.add(specific)
        action.requesting_institutions.add(institution)
        action.beneficiary_institutions.add(institution)
        ActivityFactory(action=action, number=1)
        ActivityFactory(action=action, number=2)
        for country in (code, "TH"):
            outcome = OutcomeFactory(code=f"outcome-{n}", country=country)
            outcome.actions.add(action)
            outcome.reported_at.add(bangkok, RoundTableFactory(region=bangkok.region))
        FindingFactory(
            slug=f"finding-{n}", roundtable=bangkok, countries=[code]
        ).thematic_areas.add(area)
        participant = ParticipantFactory(roundtable=bangkok, country="LA", institution=institution)
        ReflectionFactory(participant=participant, status="approved").related_actions.add(action)
        bangkok.thematic_areas.add(area)
        bangkok.countries = [*bangkok.countries, code]
    bangkok.save()


@pytest.fixture
def bangkok(settings):
    settings.RATELIMIT_ENABLE = False
    region = RegionFactory(slug="asia", countries=[*CODES, "TH"])
    return RoundTableFactory(slug="bangkok-2018", region=region, countries=["TH"])


def queries(client, url):
    joiner = "&" if "?" in url else "?"
    with CaptureQueriesContext(connection) as context:
        response = client.get(f"{url}{joiner}page_size=100" if url != "/api/" else url)
    assert response.status_code == 200, (url, response.content[:300])
    return len(context.captured_queries), len(response.content)


def test_each_answer_runs_the_same_queries_with_3_and_30_rows(client, bangkok):
    add_content(0, 3, bangkok)
    small = {url: queries(client, url) for url in ANSWERS}
    add_content(3, 30, bangkok)
    large = {url: queries(client, url) for url in ANSWERS}
    assert RoundTable.objects.count() == 61
    assert {url: count for url, (count, _size) in small.items()} == ANSWERS
    assert {url: count for url, (count, _size) in large.items()} == ANSWERS
    # The answers hold the new rows: all but those about one row that does not change.
    unchanged = {url for url in ANSWERS if large[url][1] == small[url][1]}
    assert unchanged == SAME_SIZE


def test_a_full_page_costs_what_a_short_one_does(client, bangkok):
    add_content(0, 30, bangkok)
    for url, page_size in itertools.product(["/api/outcomes/", "/api/reflections/"], [1, 100]):
        with CaptureQueriesContext(connection) as context:
            response = client.get(f"{url}?page_size={page_size}")
        assert len(response.json()["results"]) == min(page_size, 30 if "refl" in url else 60)
        assert len(context.captured_queries) == ANSWERS[url], (url, page_size)
